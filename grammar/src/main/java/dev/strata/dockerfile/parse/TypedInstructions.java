package dev.strata.dockerfile.parse;

import dev.strata.dockerfile.model.ArgDeclaration;
import dev.strata.dockerfile.model.Command;
import dev.strata.dockerfile.model.Form;
import dev.strata.dockerfile.model.Instruction;
import dev.strata.dockerfile.model.KeyValue;
import dev.strata.dockerfile.model.RawInstruction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * From raw syntax to typed instructions: one small {@code parseXxx} per instruction with its own
 * rules (argument counts, forms, names), as BuildKit's {@code instructions/parse.go}. Flags stay raw;
 * the builder decides which ones each instruction accepts.
 */
final class TypedInstructions {
    private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");

    private TypedInstructions() {
    }

    static Instruction of(RawInstruction raw, DockerfileReader.Located at) {
        return new Context(raw, at).parse();
    }

    /** One instruction being typed, with what is needed to place an error. */
    private record Context(RawInstruction raw, DockerfileReader.Located at) {

        Instruction parse() {
            return switch (raw.keyword().toUpperCase(Locale.ROOT)) {
                case "FROM" -> parseFrom();
                case "RUN" -> parseRun();
                case "CMD" -> new Instruction.Cmd(raw, command());
                case "ENTRYPOINT" -> new Instruction.Entrypoint(raw, command());
                case "SHELL" -> parseShell();
                case "LABEL" -> new Instruction.Label(raw, pairs());
                case "ENV" -> new Instruction.Env(raw, pairs(), raw.args().size() == 3 && raw.args().get(2).isEmpty());
                case "MAINTAINER" -> new Instruction.Maintainer(raw, exactlyOne());
                case "EXPOSE" -> new Instruction.Expose(raw, atLeastOne());
                case "ADD" -> parseAdd();
                case "COPY" -> parseCopy();
                case "VOLUME" -> parseVolume();
                case "USER" -> new Instruction.User(raw, exactlyOne());
                case "WORKDIR" -> new Instruction.Workdir(raw, exactlyOne());
                case "ARG" -> parseArg();
                case "ONBUILD" -> parseOnbuild();
                case "STOPSIGNAL" -> new Instruction.Stopsignal(raw, exactlyOne());
                case "HEALTHCHECK" -> parseHealthcheck();
                default -> throw unknown();
            };
        }

        private Instruction parseFrom() {
            List<String> args = raw.args();
            if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
                String name = args.get(2).toLowerCase(Locale.ROOT);
                if (!STAGE_NAME.matcher(name).matches()) {
                    throw errorAt(args.get(2), "invalid name for build stage: \"" + args.get(2)
                            + "\", name can't start with a number or contain symbols");
                }
                return new Instruction.From(raw, args.get(0), Optional.of(name));
            }
            if (args.size() != 1) {
                throw error("FROM requires either one or three arguments (FROM image [AS name])");
            }
            return new Instruction.From(raw, args.get(0), Optional.empty());
        }

        private Instruction parseRun() {
            if (raw.args().isEmpty() && raw.form() != Form.EXEC) {
                throw error("RUN requires at least one argument");
            }
            return new Instruction.Run(raw, command(), raw.heredocs());
        }

        private Instruction parseShell() {
            if (raw.form() != Form.EXEC) {
                throw error("SHELL requires the arguments to be in JSON form (SHELL [\"executable\", \"parameters\"])");
            }
            if (raw.args().isEmpty()) {
                throw error("SHELL requires at least one argument");
            }
            return new Instruction.Shell(raw, raw.args());
        }

        private Instruction parseAdd() {
            List<String> args = sourcesAndDestination();
            return new Instruction.Add(raw, args.subList(0, args.size() - 1), args.get(args.size() - 1),
                    raw.heredocs());
        }

        private Instruction parseCopy() {
            List<String> args = sourcesAndDestination();
            return new Instruction.Copy(raw, args.subList(0, args.size() - 1), args.get(args.size() - 1),
                    raw.heredocs());
        }

        private List<String> sourcesAndDestination() {
            if (raw.args().size() < 2) {
                throw error(keyword() + " requires at least two arguments (sources and a destination)"
                        + (raw.args().isEmpty() ? "" : ", but only one was provided"));
            }
            return raw.args();
        }

        private Instruction parseVolume() {
            List<String> paths = atLeastOne();
            for (String path : paths) {
                if (path.isBlank()) {
                    throw error("VOLUME specified can not be an empty string");
                }
            }
            return new Instruction.Volume(raw, paths);
        }

        private Instruction parseArg() {
            List<ArgDeclaration> declarations = new ArrayList<>();
            for (String word : atLeastOne()) {
                int eq = word.indexOf('=');
                if (eq == 0) {
                    throw errorAt(word, "ARG names can not be blank");
                }
                declarations.add(eq < 0 ? new ArgDeclaration(word, Optional.empty())
                        : new ArgDeclaration(word.substring(0, eq), Optional.of(word.substring(eq + 1))));
            }
            return new Instruction.Arg(raw, declarations);
        }

        private Instruction parseOnbuild() {
            RawInstruction trigger = raw.trigger()
                    .orElseThrow(() -> error("ONBUILD requires at least one argument"));
            String keyword = trigger.keyword().toUpperCase(Locale.ROOT);
            if (keyword.equals("ONBUILD")) {
                throw error("chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            }
            if (keyword.equals("FROM") || keyword.equals("MAINTAINER")) {
                throw error(keyword + " isn't allowed as an ONBUILD trigger");
            }
            Node nested = at.node().trigger();
            return new Instruction.Onbuild(raw, new Context(trigger,
                    new DockerfileReader.Located(at.line(), nested)).parse());
        }

        private Instruction parseHealthcheck() {
            List<String> args = raw.args();
            if (args.isEmpty()) {
                throw error("HEALTHCHECK requires at least one argument (NONE or CMD)");
            }
            String type = args.get(0).toUpperCase(Locale.ROOT);
            if (type.equals("NONE")) {
                if (args.size() > 1) {
                    throw error("HEALTHCHECK NONE takes no arguments");
                }
                return new Instruction.Healthcheck(raw, Optional.empty());
            }
            if (!type.equals("CMD")) {
                throw errorAt(args.get(0), "unknown type \"" + args.get(0) + "\" in HEALTHCHECK (try CMD)");
            }
            if (args.size() == 1 && raw.form() != Form.EXEC) {
                throw error("missing command after HEALTHCHECK CMD");
            }
            List<String> rest = args.subList(1, args.size());
            Command command = raw.form() == Form.EXEC ? new Command.Exec(rest) : new Command.Shell(rest.get(0));
            return new Instruction.Healthcheck(raw, Optional.of(command));
        }

        private Command command() {
            if (raw.form() == Form.EXEC) {
                return new Command.Exec(raw.args());
            }
            return new Command.Shell(raw.args().isEmpty() ? "" : raw.args().get(0));
        }

        /** ENV and LABEL: the raw args come in (key, value, separator) triples. */
        private List<KeyValue> pairs() {
            List<String> args = raw.args();
            if (args.isEmpty()) {
                throw error(keyword() + " requires at least one argument");
            }
            List<KeyValue> pairs = new ArrayList<>();
            for (int i = 0; i + 1 < args.size(); i += 3) {
                if (args.get(i).isEmpty()) {
                    throw error(keyword() + " names can not be blank");
                }
                pairs.add(new KeyValue(args.get(i), args.get(i + 1)));
            }
            return pairs;
        }

        private String exactlyOne() {
            if (raw.args().size() != 1) {
                throw error(keyword() + " requires exactly one argument");
            }
            return raw.args().get(0);
        }

        private List<String> atLeastOne() {
            if (raw.args().isEmpty()) {
                throw error(keyword() + " requires at least one argument");
            }
            return raw.args();
        }

        private String keyword() {
            return raw.keyword().toUpperCase(Locale.ROOT);
        }

        private ParseException unknown() {
            String suggestion = Keywords.suggest(raw.keyword());
            return error("unknown instruction \"" + raw.keyword() + "\""
                    + (suggestion == null ? "" : " (did you mean " + suggestion + "?)"));
        }

        private ParseException error(String reason) {
            return new ParseException(raw.location().startLine(), reason);
        }

        /** An error about one word of the text: placed on its line and column when it can be found. */
        private ParseException errorAt(String word, String reason) {
            int index = raw.text().indexOf(word);
            if (index < 0 || at.node() == null) {
                return error(reason);
            }
            int offset = at.node().textOffset() + index;
            return new ParseException(at.line().lineAt(offset), at.line().columnAt(offset), reason);
        }
    }
}
