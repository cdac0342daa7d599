package io.nvrx.bootstrap.frameworks;

import io.nvrx.bootstrap.CallSites;
import io.nvrx.bootstrap.Levels;
import io.nvrx.bootstrap.RecordSink;
import io.nvrx.bootstrap.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exactly-once rules of {@link ConsoleRouting}, with a recording sink in place of the
 * agent's. (The it-tests show the same rules with the real frameworks in child JVMs.)
 */
class ConsoleRoutingTest {
    private final List<String> written = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void installSink() {
        Router.install(new RecordSink() {
            @Override
            public void write(int level, String loggerName, String threadName, long epochMillis, CharSequence message,
                              Throwable thrown, String callSite, int stream) {
                written.add(Levels.name(level) + " " + callSite + " " + message + " " + stream);
            }

            @Override
            public String findCallSite() {
                return "Walked.java:1";
            }
        });
        ConsoleRouting.routeAllAtOrAbove(Integer.MAX_VALUE);
    }

    @AfterEach
    void uninstall() {
        Router.install(null);
        ConsoleRouting.routeAllAtOrAbove(Integer.MAX_VALUE);
    }

    private static boolean route(Object event, String message) {
        return ConsoleRouting.route(event, Levels.INFO, "app", null, 1L, message, null, RecordSink.STDOUT);
    }

    @Test
    void aBridgeCopyIsRecognisedAfterTheLentBufferWasReused() {
        assertThat(ConsoleRouting.enterDispatch()).isTrue();
        StringBuilder text = ConsoleRouting.borrowText();
        assertThat(text).isNotNull();
        assertThat(ConsoleRouting.borrowText()).isNull(); // lent: a nested call must not get it too
        text.append("hello");
        assertThat(ConsoleRouting.route(new Object(), Levels.INFO, "app", null, 1L, text, null, RecordSink.STDOUT)).isTrue();
        ConsoleRouting.returnText();
        StringBuilder again = ConsoleRouting.borrowText();
        assertThat(again).isSameAs(text).isEmpty(); // the same buffer, cleared for the next call
        again.append("other text");
        ConsoleRouting.returnText();
        assertThat(ConsoleRouting.enterDispatch()).isTrue(); // a bridge enters the other framework's dispatch
        assertThat(route(new Object(), "hello")).isTrue(); // the bridge's copy: suppressed
        assertThat(route(new Object(), "hello!")).isTrue(); // a different message: routed
        ConsoleRouting.exitDispatch();
        ConsoleRouting.exitDispatch();
        assertThat(written).containsExactly("INFO Walked.java:1 hello 1", "INFO Walked.java:1 hello! 1");
    }

    @Test
    void recordsWithOneMessagePublishedSideBySideInOneCallAreEachRouted() {
        // A JUL MemoryHandler pushing its buffer inside the Logger.log call of its trigger.
        assertThat(ConsoleRouting.enterDispatch()).isTrue();
        assertThat(route(new Object(), "tick")).isTrue();
        assertThat(route(new Object(), "tick")).isTrue();
        assertThat(route(new Object(), "tick")).isTrue();
        ConsoleRouting.exitDispatch();
        assertThat(written).hasSize(3);
    }

    @Test
    void siblingConsolesOfOneEventRouteItOnce() {
        Object event = new Object();
        assertThat(ConsoleRouting.enterDispatch()).isTrue();
        assertThat(route(event, "hello")).isTrue();
        assertThat(route(event, "hello")).isTrue(); // suppressed, not routed again
        ConsoleRouting.exitDispatch();
        assertThat(written).containsExactly("INFO Walked.java:1 hello 1");
    }

    @Test
    void aBridgeCopyInsideTheSameDispatchIsRecognised() {
        ConsoleRouting.enterDispatch();           // JUL Logger.log
        route(new Object(), "via jul");           // JUL ConsoleHandler
        ConsoleRouting.enterDispatch();           // jul-to-slf4j -> Logback callAppenders
        assertThat(route(new Object(), "via jul")).isTrue();
        ConsoleRouting.exitDispatch();
        ConsoleRouting.exitDispatch();
        assertThat(written).hasSize(1);
    }

    @Test
    void anotherEventLoggedDuringTheDispatchIsRouted() {
        ConsoleRouting.enterDispatch();
        route(new Object(), "outer");
        ConsoleRouting.enterDispatch();           // an argument's toString() logs
        route(new Object(), "inner");
        ConsoleRouting.exitDispatch();
        ConsoleRouting.exitDispatch();
        assertThat(written).extracting(w -> w.split(" ")[2]).containsExactly("outer", "inner");
    }

    @Test
    void theSameMessageTwiceInARowIsTwoRecords() {
        for (int i = 0; i < 2; i++) {
            ConsoleRouting.enterDispatch();
            route(new Object(), "tick");
            ConsoleRouting.exitDispatch();
        }
        assertThat(written).hasSize(2);
    }

    @Test
    void anAsyncHandOffCarriesTheCallSiteAndTheClaimToTheWorker() throws Exception {
        Object event = new Object();
        CallSites.mark("Trainer.java:45");
        ConsoleRouting.enterDispatch();
        ConsoleRouting.handOff(event);
        ConsoleRouting.exitDispatch();
        CallSites.clear();
        AtomicBoolean first = new AtomicBoolean();
        AtomicBoolean second = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            first.set(route(event, "queued"));
            second.set(route(event, "queued")); // a second console behind the same queue
        });
        worker.start();
        worker.join();
        assertThat(first.get()).isTrue();
        assertThat(second.get()).isTrue();
        assertThat(written).containsExactly("INFO Trainer.java:45 queued 1");
    }

    @Test
    void aSynchronousConsoleAfterTheHandOffSharesTheClaim() throws Exception {
        Object event = new Object();
        Object memento = new Object(); // Log4j 2 queues a copy
        ConsoleRouting.enterDispatch();
        ConsoleRouting.handOff(memento);
        assertThat(route(event, "both")).isTrue(); // the synchronous console wins the claim
        ConsoleRouting.exitDispatch();
        Thread worker = new Thread(() -> assertThat(route(memento, "both")).isTrue());
        worker.start();
        worker.join();
        assertThat(written).hasSize(1);
    }

    @Test
    void aReusedSlotGetsAFreshEntryEachTime() throws Exception {
        Object slot = new Object();
        for (String site : new String[] {"A.java:1", "B.java:2"}) {
            CallSites.mark(site);
            ConsoleRouting.handOffReused(slot);
            CallSites.clear();
            Thread consumer = new Thread(() -> {
                ConsoleRouting.enterDispatch();
                route(slot, "slot");
                ConsoleRouting.exitDispatch();
            });
            consumer.start();
            consumer.join();
        }
        assertThat(written).containsExactly("INFO A.java:1 slot 1", "INFO B.java:2 slot 1");
    }

    @Test
    void routeAllRoutesAtTheDispatchAndTheConsoleCopyIsSuppressed() {
        ConsoleRouting.routeAllAtOrAbove(Levels.WARNING);
        Object event = new Object();
        ConsoleRouting.enterDispatch();
        assertThat(ConsoleRouting.routesAll(Levels.INFO)).isFalse();
        assertThat(ConsoleRouting.routesAll(Levels.ERROR)).isTrue();
        ConsoleRouting.routeAll(event, Levels.ERROR, "app", null, 1L, "failed", null);
        assertThat(route(event, "failed")).isTrue();
        ConsoleRouting.exitDispatch();
        assertThat(written).containsExactly("ERROR Walked.java:1 failed 2");
    }

    @Test
    void withTheAgentOffNothingIsRoutedAndNothingSuppressed() {
        Router.install(null);
        assertThat(ConsoleRouting.enterDispatch()).isFalse();
        assertThat(route(new Object(), "plain")).isFalse();
        ConsoleRouting.handOff(new Object());
        assertThat(written).isEmpty();
    }

    @Test
    void handOffTableKeepsLiveEntriesAndDropsTheOldestWhenFull() {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Object event = new Object();
            events.add(event);
            HandOffs.put(event, "S.java:" + i, new AtomicBoolean());
        }
        Object last = events.get(events.size() - 1);
        assertThat(HandOffs.find(last).callSite).isEqualTo("S.java:19999");
        long found = events.stream().filter(e -> HandOffs.find(e) != null).count();
        assertThat(found).isLessThanOrEqualTo(4096).isGreaterThan(1000);
    }
}
