package dev.strata.builder.steps;

import dev.strata.dockerfile.model.Instruction;

/** Applies one instruction of a stage to its state: the dispatcher over the step classes. */
public final class Steps {
    private Steps() {}

    /** What a stage runner provides beyond the shared services. */
    public interface StageLinks {
        /** Resolves a COPY {@code --from} value (a stage name or index, or an image). */
        dev.strata.builder.plan.StageRef resolveFrom(String from);

    }

    /**
     * @throws StepException (and ShellExpansionException) without location; the caller adds it
     */
    public static void apply(Instruction ins, StageState s, StepServices services, StageLinks links) {
        s.variablesChanged();
        if (ins instanceof Instruction.Env env) {
            EnvStep.apply(env, s);
        } else if (ins instanceof Instruction.Label label) {
            LabelStep.apply(label, s);
        } else if (ins instanceof Instruction.Arg arg) {
            ArgStep.apply(arg, s);
        } else if (ins instanceof Instruction.Expose expose) {
            ExposeStep.apply(expose, s);
        } else if (ins instanceof Instruction.Cmd cmd) {
            CommandSteps.cmd(cmd, s);
        } else if (ins instanceof Instruction.Entrypoint entrypoint) {
            CommandSteps.entrypoint(entrypoint, s);
        } else if (ins instanceof Instruction.User user) {
            UserStep.apply(user, s);
        } else if (ins instanceof Instruction.Volume volume) {
            VolumeStep.apply(volume, s);
        } else if (ins instanceof Instruction.Stopsignal stop) {
            StopsignalStep.apply(stop, s);
        } else if (ins instanceof Instruction.Shell shell) {
            ShellStep.apply(shell, s);
        } else if (ins instanceof Instruction.Healthcheck hc) {
            HealthcheckStep.apply(hc, s);
        } else if (ins instanceof Instruction.Onbuild onbuild) {
            OnbuildStep.apply(onbuild, s);
        } else if (ins instanceof Instruction.Maintainer maintainer) {
            MaintainerStep.apply(maintainer, s);
        } else if (ins instanceof Instruction.Workdir workdir) {
            WorkdirStep.apply(workdir, s, services);
        } else if (ins instanceof Instruction.Copy copy) {
            CopyStep.copy(copy, s, services, links::resolveFrom);
        } else if (ins instanceof Instruction.Add add) {
            CopyStep.add(add, s, services, links::resolveFrom);
        } else if (ins instanceof Instruction.Run run) {
            RunStep.apply(run, s, services);
        } else if (ins instanceof Instruction.From) {
            throw new StepException("FROM cannot appear here");
        } else {
            throw new StepException("unsupported instruction " + ins.keyword());
        }
    }

    /** Whether an instruction is a progress step (BuildKit's vertex): ADD, COPY, RUN, WORKDIR. */
    public static boolean isFileSystemStep(Instruction ins) {
        return ins instanceof Instruction.Copy || ins instanceof Instruction.Add || ins instanceof Instruction.Run
                || ins instanceof Instruction.Workdir;
    }
}
