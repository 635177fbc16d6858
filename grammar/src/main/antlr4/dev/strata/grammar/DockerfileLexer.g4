/*
 * Tokens of one logical Dockerfile instruction: the physical lines are already joined (continuations
 * removed, comment and blank lines inside a continuation skipped) and heredoc bodies set aside by
 * dev.strata.dockerfile.parse.LogicalLines, exactly as BuildKit's line reader does.
 *
 * The lexer recognises the structure BuildKit's parser sees: the keyword, the leading --flags (a bare
 * "--" ends them), and in the rest of the line the tokens of a JSON array, so that the parser can tell
 * exec form from shell form. Everything that is not JSON is OTHER; shell text is never tokenised
 * further here (per-instruction rules live in the visitor).
 */
lexer grammar DockerfileLexer;

@members {
    /** True when the next two characters start another --flag. */
    private boolean flagAhead() {
        return _input.LA(1) == '-' && _input.LA(2) == '-';
    }

    /** True at a word boundary: whitespace or end of input next. */
    private boolean atWordEnd() {
        int c = _input.LA(1);
        return c == EOF || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x0B || c == '\f';
    }
}

KEYWORD : ~[ \t\r\n\u000B\f]+ -> mode(FLAGS) ;

LEADING_SPACE : [ \t\r\n\u000B\f]+ -> skip ;

mode FLAGS;

// After the keyword or a flag: stay here only while the next word starts with "--".
SEPARATOR : [ \t\r\n\u000B\f]+ { if (!flagAhead()) mode(REST); } -> skip ;

END_OF_FLAGS : '--' { atWordEnd() }? -> mode(REST) ;

FLAG : '--' FLAG_PART+ ;

// A quote left open runs to the end of the line (BuildKit keeps the word); it may only end there,
// or a closing quote could be misread as the start of another quoted part.
fragment FLAG_PART
    : ~[ \t\r\n\u000B\f'"\\]
    | '\\' .?
    | '"' (~["\\] | '\\' .?)* ('"' | EOF)
    | '\'' (~['\\] | '\\' .?)* ('\'' | EOF)
    ;

mode REST;

LBRACK : '[' ;
RBRACK : ']' ;
LBRACE : '{' ;
RBRACE : '}' ;
COMMA  : ',' ;
COLON  : ':' ;
STRING : '"' (JSON_ESCAPE | ~["\\\u0000-\u001F])* '"' ;
NUMBER : '-'? ('0' | [1-9] [0-9]*) ('.' [0-9]+)? ([eE] [+-]? [0-9]+)? ;
TRUE   : 'true' ;
FALSE  : 'false' ;
NULL   : 'null' ;

// JSON's own whitespace; other blanks (form feed, no-break space) are not JSON and end up in OTHER.
JSON_SPACE : [ \t\r\n]+ -> channel(HIDDEN) ;

// Runs of ordinary text (shell form is never tokenised further); a keyword-like JSON token wins a tie
// because it is defined first, and a lone quote falls through to OTHER_CHAR.
OTHER : ~[[\]{},:" \t\r\n]+ ;
OTHER_CHAR : . ;

fragment JSON_ESCAPE : '\\' ( ["\\/bfnrt] | 'u' HEX HEX HEX HEX ) ;
fragment HEX : [0-9a-fA-F] ;
