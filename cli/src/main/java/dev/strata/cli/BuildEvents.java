package dev.strata.cli;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildListener;
import dev.strata.cli.progress.Renderer;

/** Forwards the builder's events to a progress {@link Renderer}, one call per event. */
final class BuildEvents implements BuildListener {
    private final Renderer renderer;

    BuildEvents(Renderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public void onEvent(BuildEvent event) {
        if (event instanceof BuildEvent.StepStarted s) {
            renderer.stepStarted(s.step(), s.stage(), s.index(), s.total(), s.text());
        } else if (event instanceof BuildEvent.StepCached c) {
            renderer.stepCached(c.step());
        } else if (event instanceof BuildEvent.StepDone d) {
            renderer.stepDone(d.step(), d.seconds());
        } else if (event instanceof BuildEvent.StepFailed f) {
            renderer.stepFailed(f.step(), f.message());
        } else if (event instanceof BuildEvent.LogLine l) {
            renderer.log(l.step(), l.line());
        } else if (event instanceof BuildEvent.Progress p) {
            renderer.progress(p.step(), p.bytes(), p.total());
        } else if (event instanceof BuildEvent.Extracting x) {
            renderer.extracting(x.step(), x.layer(), x.bytes(), x.size());
        } else if (event instanceof BuildEvent.Warning w) {
            renderer.warning(w.file(), w.line(), w.text());
        }
    }
}
