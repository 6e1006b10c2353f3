// External tokenizers and indentation tracker of the Python grammar, vendored
// from @lezer/python 1.1.19 (src/tokens.js), MIT licence, Copyright (C) 2020
// by Marijn Haverbeke and others: see LICENSE beside this file. Changes are
// listed in README.md beside this file.

import {ExternalTokenizer, ContextTracker} from "@lezer/lr"
import {
  newline as newlineToken, eof, newlineBracketed, blankLine, indent, dedent, printKeyword,
  ParenthesizedExpression, TupleExpression, ComprehensionExpression,
  PatternArgList, SequencePattern, MappingPattern, TypeParamList,
  ArrayExpression, ArrayComprehensionExpression, ArgList, ParamList, importList, subscript,
  DictionaryExpression, DictionaryComprehensionExpression, SetExpression, SetComprehensionExpression,
  String as StringTerm, FormatString, FormatReplacement, nestedFormatReplacement,
  stringStart, stringStartD, stringStartL, stringStartLD,
  stringStartR, stringStartRD, stringStartRL, stringStartRLD,
  stringStartF, stringStartFD, stringStartFL, stringStartFLD,
  stringStartFR, stringStartFRD, stringStartFRL, stringStartFRLD,
  stringContent, Escape, replacementStart, stringEnd,
  ParenL, BraceL, BracketL, withItemList
} from "./parser.terms.js"

const newline = 10, carriageReturn = 13, space = 32, tab = 9, formFeed = 12, hash = 35, tilde = 126,
      braceOpen = 123, braceClose = 125, singleQuote = 39, doubleQuote = 34, backslash = 92,
      letter_o = 111, letter_x = 120, letter_N = 78, letter_u = 117, letter_U = 85

const bracketed = new Set([
  ParenthesizedExpression, TupleExpression, ComprehensionExpression, importList, ArgList, ParamList,
  ArrayExpression, ArrayComprehensionExpression, subscript,
  SetExpression, SetComprehensionExpression, FormatString, FormatReplacement, nestedFormatReplacement,
  DictionaryExpression, DictionaryComprehensionExpression,
  SequencePattern, MappingPattern, PatternArgList, TypeParamList, withItemList
])

function isLineBreak(ch) {
  return ch == newline || ch == carriageReturn
}

function isHex(ch) {
  return ch >= 48 && ch <= 57 || ch >= 65 && ch <= 70 || ch >= 97 && ch <= 102
}

// A line break ends a statement (`newline`) only where the line it ends has
// content and the next line has too; the others are `blankLine`, skipped like
// a space. So of a statement's line break and the blank or comment-only lines
// after it, the last break is its `newline`, and comments stay Comment nodes.
// (The published grammar read blank lines as a skipped rule instead, whose
// reductions lezer counts against its limit on left-associative reductions: a
// body of some hundreds of blank-line-separated statements then broke off in
// error nodes.) Before a line with content, where no statement can end, a break
// at a statement's start is blank (leading comment lines); one anywhere else
// stays a `newline`, an error as for CPython (`import` alone on a line must not
// read the next line). Only that break asks the parser: one before a blank line
// never ends a statement, whatever the state.
export const newlines = new ExternalTokenizer((input, stack) => {
  if (input.next < 0) {
    input.acceptToken(eof)
    return
  }
  if (!isLineBreak(input.next)) return
  let length = input.next == carriageReturn && input.peek(1) == newline ? 2 : 1
  if (stack.context.flags & cx_Bracketed)
    input.acceptToken(newlineBracketed, length)
  else if (nextLineBlank(input, length))
    input.acceptToken(blankLine, length)
  else if (stack.canShift(newlineToken))
    input.acceptToken(newlineToken, length)
  else // A print statement can start only where any statement can.
    input.acceptToken(stack.canShift(printKeyword) ? blankLine : newlineToken, length)
}, {contextual: true})

// Whether the line after the break at the stream's position (`length` long)
// holds only whitespace and perhaps a comment, or is the end of the input.
function nextLineBlank(input, length) {
  for (let off = length;; off++) {
    let next = input.peek(off)
    if (next == space || next == tab || next == formFeed) continue
    return next < 0 || next == hash || isLineBreak(next)
  }
}

export const indentation = new ExternalTokenizer((input, stack) => {
  let context = stack.context
  if (context.flags) return
  let prev = input.peek(-1), depth
  if (prev == newline || prev == carriageReturn) {
    let depth = 0, chars = 0
    for (;;) {
      if (input.next == space) depth++
      else if (input.next == tab) depth += 8 - (depth % 8)
      else if (input.next == formFeed) depth = 0
      else break
      input.advance()
      chars++
    }
    if (depth != context.indent &&
        input.next != newline && input.next != carriageReturn && input.next != hash) {
      if (depth < context.indent) input.acceptToken(dedent, -chars)
      else input.acceptToken(indent)
    }
  }
})

// Flags used in Context objects
const cx_Bracketed = 1, cx_String = 2, cx_DoubleQuote = 4, cx_Long = 8, cx_Raw = 16, cx_Format = 32

function Context(parent, indent, flags) {
  this.parent = parent
  this.indent = indent
  this.flags = flags
  this.hash = (parent ? parent.hash + parent.hash << 8 : 0) + indent + (indent << 4) + flags + (flags << 6)
}

const topIndent = new Context(null, 0, 0)

function countIndent(space) {
  let depth = 0
  for (let i = 0; i < space.length; i++) {
    let ch = space.charCodeAt(i)
    depth = ch == formFeed ? 0 : ch == tab ? depth + 8 - (depth % 8) : depth + 1
  }
  return depth
}

const stringFlags = new Map([
  [stringStart, 0],
  [stringStartD, cx_DoubleQuote],
  [stringStartL, cx_Long],
  [stringStartLD, cx_Long | cx_DoubleQuote],
  [stringStartR, cx_Raw],
  [stringStartRD, cx_Raw | cx_DoubleQuote],
  [stringStartRL, cx_Raw | cx_Long],
  [stringStartRLD, cx_Raw | cx_Long | cx_DoubleQuote],
  [stringStartF, cx_Format],
  [stringStartFD, cx_Format | cx_DoubleQuote],
  [stringStartFL, cx_Format | cx_Long],
  [stringStartFLD, cx_Format | cx_Long | cx_DoubleQuote],
  [stringStartFR, cx_Format | cx_Raw],
  [stringStartFRD, cx_Format | cx_Raw | cx_DoubleQuote],
  [stringStartFRL, cx_Format | cx_Raw | cx_Long],
  [stringStartFRLD, cx_Format | cx_Raw | cx_Long | cx_DoubleQuote]
].map(([term, flags]) => [term, flags | cx_String]))

export const trackIndent = new ContextTracker({
  start: topIndent,
  reduce(context, term, _, input) {
    if ((context.flags & cx_Bracketed) && bracketed.has(term) ||
        (term == StringTerm || term == FormatString) && (context.flags & cx_String))
      return context.parent
    return context
  },
  shift(context, term, stack, input) {
    if (term == indent)
      return new Context(context, countIndent(input.read(input.pos, stack.pos)), 0)
    if (term == dedent)
      return context.parent
    if (term == ParenL || term == BracketL || term == BraceL || term == replacementStart)
      return new Context(context, 0, cx_Bracketed)
    if (stringFlags.has(term))
      return new Context(context, 0, stringFlags.get(term) | (context.flags & cx_Bracketed))
    return context
  },
  hash(context) { return context.hash }
})

// Python 2's `print x` statement, read only where the word after `print`
// cannot follow a name in Python 3: `print = 1`, `print >> f`, `print, x = y`
// and `print if x else y` are Python 3 expressions and statements.
export const legacyPrint = new ExternalTokenizer(input => {
  for (let i = 0; i < 5; i++) {
    if (input.next != "print".charCodeAt(i)) return
    input.advance()
  }
  if (/\w/.test(String.fromCharCode(input.next))) return
  let off = 0
  while (input.peek(off) == space || input.peek(off) == tab) off++
  let next = input.peek(off)
  if (next == singleQuote || next == doubleQuote || next == tilde || next == braceOpen) {
    input.acceptToken(printKeyword)
  } else if (next >= 0 && /[\w\u00a1-\uffff]/.test(String.fromCharCode(next))) {
    let word = ""
    for (let ch; (ch = input.peek(off)) >= 0 && /[\w\u00a1-\uffff]/.test(String.fromCharCode(ch)); off++)
      word += String.fromCharCode(ch)
    if (!pythonOperatorWords.has(word)) input.acceptToken(printKeyword)
  }
})

// Words that can follow a name in a Python 3 expression.
const pythonOperatorWords = new Set(["if", "else", "in", "not", "is", "and", "or", "for", "async", "as"])

export const strings = new ExternalTokenizer((input, stack) => {
  let {flags} = stack.context
  let quote = (flags & cx_DoubleQuote) ? doubleQuote : singleQuote
  let long = (flags & cx_Long) > 0
  let escapes = !(flags & cx_Raw)
  let format = (flags & cx_Format) > 0

  let start = input.pos
  for (;;) {
    if (input.next < 0) {
      break
    } else if (format && input.next == braceOpen) {
      if (input.peek(1) == braceOpen) {
        input.advance(2)
      } else {
        if (input.pos == start) {
          input.acceptToken(replacementStart, 1)
          return
        }
        break
      }
    } else if (escapes && input.next == backslash) {
      if (input.pos == start) {
        input.advance()
        let escaped = input.next
        if (escaped >= 0) {
          input.advance()
          skipEscape(input, escaped)
        }
        // A backslash continues a string across a `\r\n` line ending whole.
        if (escaped == carriageReturn && input.next == newline) input.advance()
        input.acceptToken(Escape)
        return
      }
      break
    } else if (input.next == backslash && !escapes && input.peek(1) > -1 && !(format && input.peek(1) == braceOpen)) {
      // Raw strings still ignore escaped quotes, weirdly. (A brace after the
      // backslash still opens a replacement field of a raw f-string, `rf"\{x}"`.)
      input.advance(input.peek(1) == carriageReturn && input.peek(2) == newline ? 3 : 2)
    } else if (input.next == quote && (!long || input.peek(1) == quote && input.peek(2) == quote)) {
      if (input.pos == start) {
        input.acceptToken(stringEnd, long ? 3 : 1)
        return
      }
      break
    } else if (input.next == newline) {
      if (long) {
        input.advance()
      } else if (input.pos == start) {
        input.acceptToken(stringEnd)
        return
      }
      break
    } else {
      input.advance()
    }
  }
  if (input.pos > start) input.acceptToken(stringContent)
})

function skipEscape(input, ch) {
  if (ch == letter_o) {
    for (let i = 0; i < 2 && input.next >= 48 && input.next <= 55; i++) input.advance()
  } else if (ch == letter_x) {
    for (let i = 0; i < 2 && isHex(input.next); i++) input.advance()
  } else if (ch == letter_u) {
    for (let i = 0; i < 4 && isHex(input.next); i++) input.advance()
  } else if (ch == letter_U) {
    for (let i = 0; i < 8 && isHex(input.next); i++) input.advance()
  } else if (ch == letter_N) {
    if (input.next == braceOpen) {
      input.advance()
      while (input.next >= 0 && input.next != braceClose && input.next != singleQuote &&
             input.next != doubleQuote && input.next != newline) input.advance()
      if (input.next == braceClose) input.advance()
    }
  }
}
