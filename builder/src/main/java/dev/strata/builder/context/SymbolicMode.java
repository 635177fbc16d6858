package dev.strata.builder.context;

import java.util.ArrayList;
import java.util.List;

/**
 * A symbolic {@code --chmod} ({@code u+x}, {@code go-w}, {@code =rw,+X}, {@code g=u-w}) as chmod(1)
 * and BSD's setmode read it, the rules BuildKit follows (through a Go port of setmode), with a
 * zero umask so the result never depends on the machine. Immutable.
 */
final class SymbolicMode {

    private static final int SUID = 04000;
    private static final int SGID = 02000;
    private static final int STICKY = 01000;
    private static final int RWXU = 0700;
    private static final int RWXG = 0070;
    private static final int RWXO = 0007;
    private static final int STANDARD = SUID | SGID | RWXU | RWXG | RWXO;
    private static final int R = 0444;
    private static final int W = 0222;
    private static final int X = 0111;
    private static final int CLEAR = 1;
    private static final int SET = 2;
    private static final int GBITS = 4;
    private static final int OBITS = 8;
    private static final int UBITS = 16;

    private record Cmd(char cmd, int cmd2, int bits) {
    }

    private final List<Cmd> cmds;

    private SymbolicMode(List<Cmd> cmds) {
        this.cmds = List.copyOf(cmds);
    }

    /** @throws IllegalArgumentException for a malformed mode */
    static SymbolicMode parse(String text) {
        List<Cmd> cmds = new ArrayList<>();
        String s = text;
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty mode");
        }
        int mask = 07777;
        int i = 0;
        while (true) {
            int who = 0;
            while (i < s.length() && "augo".indexOf(s.charAt(i)) >= 0) {
                switch (s.charAt(i)) {
                    case 'a' -> who |= STANDARD;
                    case 'u' -> who |= SUID | RWXU;
                    case 'g' -> who |= SGID | RWXG;
                    default -> who |= RWXO;
                }
                i++;
            }
            boolean equalDone = false;
            do {
                if (i >= s.length() || "+-=".indexOf(s.charAt(i)) < 0) {
                    throw new IllegalArgumentException("invalid syntax");
                }
                char op = s.charAt(i++);
                if (op == '=') {
                    equalDone = false;
                }
                who &= ~STICKY;
                int perm = 0;
                int permX = 0;
                for (;; i++) {
                    char b = i < s.length() ? s.charAt(i) : 0;
                    switch (b) {
                        case 'r' -> perm |= R;
                        case 's' -> {
                            if (who == 0 || (who & ~RWXO) != 0) {
                                perm |= SUID | SGID;
                            }
                        }
                        case 't' -> {
                            if (who == 0 || (who & ~RWXO) != 0) {
                                who |= STICKY;
                                perm |= STICKY;
                            }
                        }
                        case 'w' -> perm |= W;
                        case 'X' -> {
                            if (op == '+') {
                                permX = X;
                            }
                        }
                        case 'x' -> perm |= X;
                        case 'u', 'g', 'o' -> {
                            if (perm != 0) {
                                add(cmds, op, who, perm, mask);
                                perm = 0;
                            }
                            if (op == '=') {
                                equalDone = true;
                            }
                            if (permX != 0) {
                                add(cmds, 'X', who, permX, mask);
                                permX = 0;
                            }
                            add(cmds, b, who, op, mask);
                        }
                        default -> {
                            if (perm != 0 || (op == '=' && !equalDone)) {
                                if (op == '=') {
                                    equalDone = true;
                                }
                                add(cmds, op, who, perm, mask);
                                perm = 0;
                            }
                            if (permX != 0) {
                                add(cmds, 'X', who, permX, mask);
                            }
                        }
                    }
                    if (b != 'r' && b != 's' && b != 't' && b != 'w' && b != 'X' && b != 'x' && b != 'u' && b != 'g' && b != 'o') {
                        break;
                    }
                }
            } while (i < s.length() && s.charAt(i) != ',');
            if (i >= s.length()) {
                break;
            }
            i++;
            if (i >= s.length()) {
                throw new IllegalArgumentException("invalid syntax");
            }
        }
        return new SymbolicMode(cmds);
    }

    private static void add(List<Cmd> cmds, char op, int who, int oparg, int mask) {
        switch (op) {
            case '=' -> {
                cmds.add(new Cmd('-', 0, who != 0 ? who : STANDARD));
                cmds.add(new Cmd('+', 0, who != 0 ? who & oparg : mask & oparg));
            }
            case '+', '-', 'X' -> cmds.add(new Cmd(op, 0, who != 0 ? who & oparg : mask & oparg));
            default -> {
                int cmd2 = 0;
                int bits;
                if (who != 0) {
                    cmd2 |= (who & 0400) != 0 ? UBITS : 0;
                    cmd2 |= (who & 0040) != 0 ? GBITS : 0;
                    cmd2 |= (who & 0004) != 0 ? OBITS : 0;
                    bits = ~0;
                } else {
                    cmd2 = UBITS | GBITS | OBITS;
                    bits = mask;
                }
                cmd2 |= switch (oparg) {
                    case '+' -> SET;
                    case '-' -> CLEAR;
                    default -> SET | CLEAR;
                };
                cmds.add(new Cmd(op, cmd2, bits));
            }
        }
    }

    /** The new permission bits (07777) of an entry whose current bits are {@code perm}. */
    int apply(int perm, boolean directory) {
        int mode = perm;
        for (Cmd c : cmds) {
            switch (c.cmd()) {
                case 'u' -> mode = copy(c, mode, (mode & RWXU) >> 6);
                case 'g' -> mode = copy(c, mode, (mode & RWXG) >> 3);
                case 'o' -> mode = copy(c, mode, mode & RWXO);
                case '+' -> mode |= c.bits();
                case '-' -> mode &= ~c.bits();
                default -> {
                    if ((perm & X) != 0 || directory) {
                        mode |= c.bits();
                    }
                }
            }
        }
        return mode & 07777;
    }

    private static int copy(Cmd c, int mode, int value) {
        int m = mode;
        if ((c.cmd2() & CLEAR) != 0) {
            int clr = (c.cmd2() & SET) != 0 ? RWXO : value;
            if ((c.cmd2() & UBITS) != 0) {
                m &= ~((clr << 6) & c.bits());
            }
            if ((c.cmd2() & GBITS) != 0) {
                m &= ~((clr << 3) & c.bits());
            }
            if ((c.cmd2() & OBITS) != 0) {
                m &= ~(clr & c.bits());
            }
        }
        if ((c.cmd2() & SET) != 0) {
            if ((c.cmd2() & UBITS) != 0) {
                m |= (value << 6) & c.bits();
            }
            if ((c.cmd2() & GBITS) != 0) {
                m |= (value << 3) & c.bits();
            }
            if ((c.cmd2() & OBITS) != 0) {
                m |= value & c.bits();
            }
        }
        return m;
    }
}
