package io.nvrx.it.apps;

/**
 * Standard-stream edge cases: {@code bytes} prints a line, raw bytes that are not text (with a
 * carriage return) and a last line without its line break; {@code checkerror} prints a line and
 * then, on stdout, what System.err's checkError() says (stderr closed by the test).
 */
public final class StdStreamsEdgeApp {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "bytes":
                System.err.println("first line");
                System.err.write(new byte[] {(byte) 0xff, (byte) 0xfe, 'x', '\r', '\n'});
                System.err.print("tail-without-a-line-break");
                break;
            case "checkerror":
                System.err.println("to a closed stderr");
                System.out.println("checkError=" + System.err.checkError());
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }
}
