/*
 * One logical Dockerfile instruction: KEYWORD, leading flags, then the rest of the line, which is
 * exec form when it is a JSON array and nothing else (BuildKit unmarshals the whole rest since
 * v0.15: `ENTRYPOINT []random string` is shell form) and shell form otherwise. Whether the JSON array holds only strings, and what each
 * instruction does with its rest, is decided by the visitor (dev.strata.dockerfile.parse).
 */
parser grammar DockerfileParser;

options { tokenVocab = DockerfileLexer; }

instruction : KEYWORD flag* END_OF_FLAGS? rest? EOF ;

// HEALTHCHECK's command after its type; the lexer is started in its REST mode.
restOnly : rest? EOF ;

flag : FLAG ;

// Alternative order matters: text that is a JSON array is also valid shell text, and ANTLR resolves
// the ambiguity in favour of the first alternative. JSON's own blanks after the array are hidden.
rest
    : jsonArray             # execForm
    | trailing+             # shellForm
    ;

trailing : . ;

jsonArray : LBRACK (jsonValue (COMMA jsonValue)*)? RBRACK ;

jsonValue
    : STRING                                              # jsonString
    | jsonArray                                           # jsonNested
    | LBRACE (STRING COLON jsonValue (COMMA STRING COLON jsonValue)*)? RBRACE   # jsonObject
    | NUMBER                                              # jsonNumber
    | (TRUE | FALSE)                                      # jsonBoolean
    | NULL                                                # jsonNull
    ;
