package dev.strata.cli;

import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Options declared with picocli's programmatic API, bound to a command's fields by setters.
 * {@code strata} and {@code strata build}, which run at every build, are declared so rather than
 * with annotations: the JDK makes a proxy class for each annotation type it reads, and picocli
 * reads those on {@code Object}'s methods too; together that was ~35 ms of each build's start.
 */
final class Options {
    private Options() {}

    /** {@code -h/--help} and {@code -V/--version}, as picocli's {@code mixinStandardHelpOptions} declares them. */
    static void standardHelp(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print version information and exit.").build());
    }

    /** A flag ({@code --name}, no value). */
    static OptionSpec.Builder flag(Consumer<Boolean> to, String... names) {
        return bind(OptionSpec.builder(names).type(boolean.class).arity("0"), false, to);
    }

    /** An option with one value; the last one given wins. */
    static <T> OptionSpec.Builder value(Class<T> type, T initial, Consumer<T> to, String... names) {
        return bind(OptionSpec.builder(names).type(type), initial, to);
    }

    /** A repeatable option: each value is added to a new list, which {@code to} receives. */
    static OptionSpec.Builder values(List<String> initial, Consumer<List<String>> to, String... names) {
        return bind(OptionSpec.builder(names).type(List.class).auxiliaryTypes(String.class), initial, to);
    }

    /** A required positional parameter at {@code index}. */
    static PositionalParamSpec.Builder positional(String index, Consumer<String> to) {
        PositionalParamSpec.Builder builder = PositionalParamSpec.builder().index(index).arity("1").required(true).type(String.class);
        Binding binding = new Binding(null, value -> to.accept((String) value));
        return builder.getter(binding).setter(binding).initialValue(null);
    }

    @SuppressWarnings("unchecked")
    private static <T> OptionSpec.Builder bind(OptionSpec.Builder builder, T initial, Consumer<T> to) {
        Binding binding = new Binding(initial, value -> to.accept((T) value));
        return builder.getter(binding).setter(binding).initialValue(initial);
    }

    /** What picocli reads and writes for one option: the value, passed on to the command's field. */
    private static final class Binding implements IGetter, ISetter {
        private final Consumer<Object> target;
        private Object value;

        Binding(Object initial, Consumer<Object> target) {
            this.value = initial;
            this.target = target;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) value;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T set(T newValue) {
            Object old = value;
            value = newValue;
            target.accept(newValue);
            return (T) old;
        }
    }
}
