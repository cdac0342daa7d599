package io.nvrx.it.apps;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Starts child JVMs the way libraries do, with no knowledge of the agent.
 * <ul>
 * <li>{@code tree}: logs, starts a child (inherited stdio) that logs and starts a grandchild.</li>
 * <li>{@code pipe}: starts a child whose stderr it reads through a pipe and prints, quoted, on stdout.</li>
 * <li>{@code env <names...>}: starts a child that prints the named variables of its environment.</li>
 * <li>{@code cleared}: starts a child with a cleared environment (inherited stdio).</li>
 * <li>{@code sh}: starts a non-Java child that prints JAVA_TOOL_OPTIONS.</li>
 * </ul>
 */
public final class ForkApp {
    private static final Logger LOG = Logger.getLogger("app.fork");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "tree": tree(Integer.parseInt(args[1])); break;
            case "pipe": pipe("leaf"); break;
            case "pipe-via-middle": pipe("middle"); break;
            case "middle": System.exit(java("leaf").inheritIO().start().waitFor()); break;
            case "builder-kept": builderKept(); break;
            case "pipes": pipes(); break;
            case "leaf": leaf(); break;
            case "env": printEnv(args); break;
            case "cleared": cleared(); break;
            case "sh": sh(); break;
            default: throw new IllegalArgumentException(args[0]);
        }
    }

    private static ProcessBuilder java(String... args) {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), ForkApp.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private static void tree(int depth) throws Exception {
        LOG.info("level " + depth + " pid " + ProcessHandle.current().pid());
        System.out.println("COMMAND " + ProcessHandle.current().info().arguments().map(List::of).orElse(List.of()));
        if (depth < 2) {
            int code = java("tree", Integer.toString(depth + 1)).inheritIO().start().waitFor();
            LOG.info("child of level " + depth + " exited " + code);
        }
    }

    private static void leaf() {
        LOG.info("leaf record");
        System.err.println("leaf stderr line");
        new IllegalStateException("leaf trace").printStackTrace();
    }

    /** Reads the stderr of a child ("leaf"; or "middle", which starts a leaf that inherits it). */
    private static void pipe(String child0) throws Exception {
        Process child = java(child0).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        String err = read(child.getErrorStream());
        int code = child.waitFor();
        for (String line : err.split("\n", -1)) {
            System.out.println("CHILD-ERR|" + line);
        }
        System.out.println("CHILD-EXIT|" + code);
    }

    /** A Java child with ProcessBuilder's default pipes: prints what it printed, both streams. */
    private static void pipes() throws Exception {
        Process child = java("env", "--child", "JAVA_TOOL_OPTIONS", "NVRX_PARENT_READS").start();
        String out = read(child.getInputStream());
        String err = read(child.getErrorStream());
        int code = child.waitFor();
        for (String line : out.split("\n", -1)) {
            System.out.println("CHILD-OUT|" + line);
        }
        for (String line : err.split("\n", -1)) {
            System.out.println("CHILD-ERR|" + line);
        }
        System.out.println("CHILD-EXIT|" + code);
    }

    /** Starts a child, then says whether the ProcessBuilder's environment is what the app made it. */
    private static void builderKept() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "exit 0");
        builder.environment().put("APP_OWN", "1");
        java.util.Map<String, String> before = new java.util.HashMap<>(builder.environment());
        int code = builder.start().waitFor();
        System.out.println("BUILDER-ENV-KEPT|" + before.equals(builder.environment()) + "|" + code);
    }

    private static void printEnv(String[] args) throws Exception {
        if (args.length > 1 && args[1].equals("--child")) {
            for (int i = 2; i < args.length; i++) {
                System.out.println("ENV " + args[i] + "=" + System.getenv(args[i]));
            }
            return;
        }
        String waitGone = System.getProperty("wait.gone");
        if (waitGone != null) {
            System.out.println("READY");
            System.out.flush();
            for (int i = 0; i < 400 && java.nio.file.Files.exists(java.nio.file.Path.of(waitGone)); i++) {
                Thread.sleep(50);
            }
        }
        List<String> childArgs = new ArrayList<>(List.of("env", "--child"));
        childArgs.addAll(List.of(args).subList(1, args.length));
        // stdout read here, stderr inherited: the child is armed (a child whose two streams
        // are both read is not: see "pipes")
        ProcessBuilder builder = java(childArgs.toArray(new String[0])).redirectError(ProcessBuilder.Redirect.INHERIT);
        String childAgent = System.getProperty("child.nvrx.agent");
        if (childAgent != null) {
            builder.environment().put("NVRX_AGENT", childAgent);
        }
        String childAgentProperty = System.getProperty("child.nvrx.agent.property");
        if (childAgentProperty != null) {
            builder.command().add(1, "-Dnvrx.agent=" + childAgentProperty);
        }
        Process child = builder.start();
        System.out.print(read(child.getInputStream()));
        System.out.println("CHILD-EXIT|" + child.waitFor());
    }

    private static void cleared() throws Exception {
        ProcessBuilder builder = java("leaf").inheritIO();
        builder.environment().clear();
        System.out.println("CHILD-EXIT|" + builder.start().waitFor());
    }

    private static void sh() throws Exception {
        Process child = new ProcessBuilder("sh", "-c", "echo \"JTO=$JAVA_TOOL_OPTIONS\"")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        System.out.print(read(child.getInputStream()));
        System.out.println("CHILD-EXIT|" + child.waitFor());
    }

    private static String read(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
