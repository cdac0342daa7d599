package io.nvrx.it.apps.frameworks;

import io.nvrx.it.apps.Expect;

/**
 * Logs once through each API named in the arguments (after the exit code), whichever framework
 * the class path binds them to: jul, log4j2 (API), jcl, log4j1 (API), slf4j, jboss (JBoss Logging).
 */
public final class BridgesApp {
    public static void main(String[] args) {
        System.out.println("program output 1");
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "jul":
                    Expect.at("via jul"); java.util.logging.Logger.getLogger("app.jul").info("via jul");
                    break;
                case "log4j2":
                    Expect.at("via log4j2 api"); org.apache.logging.log4j.LogManager.getLogger("app.log4j2").warn("via log4j2 api");
                    break;
                case "jcl":
                    Expect.at("via jcl"); org.apache.commons.logging.LogFactory.getLog("app.jcl").error("via jcl");
                    break;
                case "log4j1":
                    Expect.at("via log4j1 api"); org.apache.log4j.Logger.getLogger("app.log4j1").info("via log4j1 api");
                    break;
                case "slf4j":
                    Expect.at("via slf4j"); org.slf4j.LoggerFactory.getLogger("app.slf4j").info("via slf4j");
                    break;
                case "jboss":
                    Expect.at("via jboss logging"); org.jboss.logging.Logger.getLogger("app.jboss").info("via jboss logging");
                    break;
                default:
                    throw new IllegalArgumentException(args[i]);
            }
        }
        System.out.println("program output 2");
        System.exit(Integer.parseInt(args[0]));
    }
}
