package io.nvrx.agent.instrument.callsite;

/**
 * Tells, from one pass over a class file's constant pool and without parsing anything else,
 * whether the class mentions any of a few names. Most classes mention no logging API and are
 * left alone after this check, which is what keeps call-site rewriting cheap at start-up.
 */
final class ConstantPoolScan {
    private static final int UTF8 = 1, INTEGER = 3, FLOAT = 4, LONG = 5, DOUBLE = 6, CLASS = 7, STRING = 8,
            FIELD_REF = 9, METHOD_REF = 10, INTERFACE_METHOD_REF = 11, NAME_AND_TYPE = 12, METHOD_HANDLE = 15,
            METHOD_TYPE = 16, DYNAMIC = 17, INVOKE_DYNAMIC = 18, MODULE = 19, PACKAGE = 20;

    private ConstantPoolScan() {}

    /** True if a UTF-8 constant equals one of {@code names}; true as well if the pool cannot be read. */
    static boolean mentionsAny(byte[] classFile, byte[][] names) {
        if (classFile.length < 10) {
            return false;
        }
        int count = u2(classFile, 8);
        int p = 10;
        for (int i = 1; i < count; i++) {
            if (p >= classFile.length) {
                return true;
            }
            int tag = classFile[p];
            switch (tag) {
                case UTF8: {
                    int length = u2(classFile, p + 1);
                    if (matches(classFile, p + 3, length, names)) {
                        return true;
                    }
                    p += 3 + length;
                    break;
                }
                case INTEGER: case FLOAT: case FIELD_REF: case METHOD_REF: case INTERFACE_METHOD_REF:
                case NAME_AND_TYPE: case DYNAMIC: case INVOKE_DYNAMIC:
                    p += 5;
                    break;
                case LONG: case DOUBLE:
                    p += 9;
                    i++;
                    break;
                case CLASS: case STRING: case METHOD_TYPE: case MODULE: case PACKAGE:
                    p += 3;
                    break;
                case METHOD_HANDLE:
                    p += 4;
                    break;
                default:
                    return true; // a constant this scan does not know: let the real parser look
            }
        }
        return false;
    }

    private static boolean matches(byte[] classFile, int start, int length, byte[][] names) {
        for (byte[] name : names) {
            if (name.length == length && start + length <= classFile.length) {
                int k = 0;
                while (k < length && classFile[start + k] == name[k]) {
                    k++;
                }
                if (k == length) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int u2(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }
}
