package dev.strata.dockerfile.check;

/**
 * The build checks Strata runs, with BuildKit's names, descriptions and documentation links
 * ({@code frontend/dockerfile/linter/ruleset.go}), so that {@code # check=skip=...} lines and
 * search results carry over from {@code docker build --check}.
 */
public enum CheckRule {
    STAGE_NAME_CASING("StageNameCasing", "stage-name-casing", "Stage names should be lowercase"),
    FROM_AS_CASING("FromAsCasing", "from-as-casing",
            "The 'as' keyword should match the case of the 'from' keyword"),
    NO_EMPTY_CONTINUATION("NoEmptyContinuation", "no-empty-continuation",
            "Empty continuation lines will become errors in a future release"),
    CONSISTENT_INSTRUCTION_CASING("ConsistentInstructionCasing", "consistent-instruction-casing",
            "All commands within the Dockerfile should use the same casing (either upper or lower)"),
    DUPLICATE_STAGE_NAME("DuplicateStageName", "duplicate-stage-name", "Stage names should be unique"),
    RESERVED_STAGE_NAME("ReservedStageName", "reserved-stage-name",
            "Reserved words should not be used as stage names"),
    JSON_ARGS_RECOMMENDED("JSONArgsRecommended", "json-args-recommended",
            "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals"),
    MAINTAINER_DEPRECATED("MaintainerDeprecated", "maintainer-deprecated",
            "The MAINTAINER instruction is deprecated, use a label instead to define an image author"),
    UNDEFINED_ARG_IN_FROM("UndefinedArgInFrom", "undefined-arg-in-from", "FROM command must use declared ARGs"),
    WORKDIR_RELATIVE_PATH("WorkdirRelativePath", "workdir-relative-path",
            "Relative workdir without an absolute workdir declared within the build can have unexpected "
                    + "results if the base image changes"),
    UNDEFINED_VAR("UndefinedVar", "undefined-var", "Variables should be defined before their use"),
    MULTIPLE_INSTRUCTIONS_DISALLOWED("MultipleInstructionsDisallowed", "multiple-instructions-disallowed",
            "Multiple instructions of the same type should not be used in the same stage"),
    LEGACY_KEY_VALUE_FORMAT("LegacyKeyValueFormat", "legacy-key-value-format",
            "Legacy key/value format with whitespace separator should not be used"),
    REDUNDANT_TARGET_PLATFORM("RedundantTargetPlatform", "redundant-target-platform",
            "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior"),
    SECRETS_USED_IN_ARG_OR_ENV("SecretsUsedInArgOrEnv", "secrets-used-in-arg-or-env",
            "Sensitive data should not be used in the ARG or ENV commands"),
    INVALID_DEFAULT_ARG_IN_FROM("InvalidDefaultArgInFrom", "invalid-default-arg-in-from",
            "Default value for global ARG results in an empty or invalid base image name"),
    COPY_IGNORED_FILE("CopyIgnoredFile", "copy-ignored-file",
            "Attempting to Copy file that is excluded by .dockerignore"),
    EXPOSE_PROTO_CASING("ExposeProtoCasing", "expose-proto-casing",
            "Protocol in EXPOSE instruction should be lowercase"),
    EXPOSE_INVALID_FORMAT("ExposeInvalidFormat", "expose-invalid-format",
            "IP address and host-port mapping should not be used in EXPOSE instruction. This will become an "
                    + "error in a future release");

    private final String checkName;
    private final String url;
    private final String description;

    CheckRule(String checkName, String slug, String description) {
        this.checkName = checkName;
        this.url = "https://docs.docker.com/go/dockerfile/rule/" + slug + "/";
        this.description = description;
    }

    /** BuildKit's name, as used in {@code # check=skip=NAME}: {@code FromAsCasing}. */
    public String checkName() {
        return checkName;
    }

    /** The documentation page Docker keeps for this check. */
    public String url() {
        return url;
    }

    public String description() {
        return description;
    }
}
