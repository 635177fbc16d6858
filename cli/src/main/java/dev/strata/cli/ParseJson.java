package dev.strata.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.dockerfile.ParseResult;
import dev.strata.dockerfile.Warning;
import dev.strata.dockerfile.model.Flag;
import dev.strata.dockerfile.model.Heredoc;
import dev.strata.dockerfile.model.Instruction;
import dev.strata.dockerfile.model.RawInstruction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code strata parse --json} document: directives, then every instruction with its raw
 * words. A flag given once is a string; a flag given several times ({@code RUN --mount}) is an
 * array; a bare flag ({@code --link}) is {@code true}.
 */
final class ParseJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ParseJson() {}

    static String render(ParseResult result) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode directives = root.putObject("directives");
        directives.put("escape", String.valueOf(result.directives().escape()));
        result.directives().syntax().ifPresent(s -> directives.put("syntax", s));
        result.directives().check().ifPresent(c -> directives.put("check", c));
        ArrayNode instructions = root.putArray("instructions");
        for (Instruction instruction : result.instructions()) {
            instructions.add(instruction(instruction));
        }
        ArrayNode warnings = root.putArray("warnings");
        for (Warning warning : result.warnings()) {
            ObjectNode w = warnings.addObject();
            w.put("startLine", warning.location().startLine());
            w.put("endLine", warning.location().endLine());
            w.put("message", warning.message());
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode instruction(Instruction instruction) {
        RawInstruction raw = instruction.raw();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("keyword", instruction.keyword());
        node.put("startLine", raw.location().startLine());
        node.put("endLine", raw.location().endLine());
        node.set("flags", flags(raw.flags()));
        if (raw.form() == null) {
            node.putNull("form");
        } else {
            node.put("form", raw.form().name().toLowerCase(Locale.ROOT));
        }
        ArrayNode args = node.putArray("args");
        raw.args().forEach(args::add);
        ArrayNode heredocs = node.putArray("heredocs");
        for (Heredoc heredoc : raw.heredocs()) {
            ObjectNode h = heredocs.addObject();
            h.put("name", heredoc.name());
            h.put("content", heredoc.content());
            h.put("expand", heredoc.expand());
            h.put("chomp", heredoc.chomp());
            if (heredoc.fileDescriptor() != 0) {
                h.put("fd", heredoc.fileDescriptor());
            }
        }
        if (instruction instanceof Instruction.Onbuild onbuild) {
            node.set("trigger", instruction(onbuild.trigger()));
        }
        return node;
    }

    private static ObjectNode flags(List<Flag> flags) {
        Map<String, List<Flag>> byName = new LinkedHashMap<>();
        for (Flag flag : flags) {
            byName.computeIfAbsent(flag.name(), k -> new ArrayList<>()).add(flag);
        }
        ObjectNode node = MAPPER.createObjectNode();
        byName.forEach((name, list) -> {
            if (list.size() == 1) {
                Flag f = list.get(0);
                if (f.value().isPresent()) {
                    node.put(name, f.value().get());
                } else {
                    node.put(name, true);
                }
            } else {
                ArrayNode values = node.putArray(name);
                list.forEach(f -> {
                    if (f.value().isPresent()) {
                        values.add(f.value().get());
                    } else {
                        values.add(true);
                    }
                });
            }
        });
        return node;
    }
}
