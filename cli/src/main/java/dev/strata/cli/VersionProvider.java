package dev.strata.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest, so it is set in one place: the pom. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = StrataCommand.class.getPackage().getImplementationVersion();
        return new String[] {"strata " + (version == null ? "development build" : version)};
    }
}
