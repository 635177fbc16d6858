package dev.strata.cli;

import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.ImageStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** A command on the local store: opens it and turns its errors into one-line messages (exit 1). */
abstract class StoreCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Does the work; returns the exit code. */
    abstract int run(ImageStore images) throws IOException;

    @Override
    public final Integer call() {
        try {
            return run(store.open());
        } catch (BuildException e) {
            throw new UserException("error: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new UsageException("error: " + e.getMessage());
        } catch (IOException e) {
            throw new UserException("error: " + e.getMessage(), e);
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
