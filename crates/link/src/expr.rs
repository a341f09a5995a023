//! Set expressions of the models file: `&` (intersection), `|` (union), `-` (difference),
//! parentheses and set names.
//!
//! Precedence, tightest first: `&`, then `-`, then `|`; every operator is left-associative.
//! So `a | b - c & d` reads `a | (b - (c & d))` and `a - b - c` reads `(a - b) - c`. `&` binds
//! tightest because "people in both" is the usual building block (`unpaid & hardship`), and
//! `-` binds tighter than `|` so that `x | y - z` subtracts only from `y`, which is how the
//! sentence "x, and y except z" reads; write parentheses whenever in doubt.
//!
//! A set name is a run of letters (any script, so Chinese roster labels work), digits, `_`
//! and `.`; whitespace separates tokens and is otherwise ignored.

use std::fmt;

/// A set operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// `&`: in both.
    And,
    /// `|`: in either.
    Or,
    /// `-`: in the left, not in the right.
    Minus,
}

impl Op {
    /// The operator as written.
    pub fn symbol(self) -> char {
        match self {
            Op::And => '&',
            Op::Or => '|',
            Op::Minus => '-',
        }
    }

    /// Binding strength: higher binds tighter.
    fn precedence(self) -> u8 {
        match self {
            Op::And => 3,
            Op::Minus => 2,
            Op::Or => 1,
        }
    }
}

/// A parsed expression. Positions are 1-based character columns in the source string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A set name.
    Set {
        /// The name as written.
        name: String,
        /// Where it starts.
        column: usize,
    },
    /// Two operands and an operator.
    Binary {
        /// The operator.
        op: Op,
        /// The left operand.
        lhs: Box<Expr>,
        /// The right operand.
        rhs: Box<Expr>,
    },
}

/// A syntax error: what is wrong and at which 1-based character column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column {column}: {message}")]
pub struct ExprError {
    /// 1-based character column.
    pub column: usize,
    /// What is wrong there.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Name(String),
    Op(Op),
    Open,
    Close,
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

fn tokenize(src: &str) -> Result<Vec<(Tok, usize)>, ExprError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let column = i + 1;
        match c {
            c if c.is_whitespace() => i += 1,
            '&' => {
                out.push((Tok::Op(Op::And), column));
                i += 1;
            }
            '|' => {
                out.push((Tok::Op(Op::Or), column));
                i += 1;
            }
            '-' => {
                out.push((Tok::Op(Op::Minus), column));
                i += 1;
            }
            '(' | '（' => {
                out.push((Tok::Open, column));
                i += 1;
            }
            ')' | '）' => {
                out.push((Tok::Close, column));
                i += 1;
            }
            c if is_name_char(c) => {
                let start = i;
                while i < chars.len() && is_name_char(chars[i]) {
                    i += 1;
                }
                out.push((Tok::Name(chars[start..i].iter().collect()), column));
            }
            other => {
                return Err(ExprError {
                    column,
                    message: format!(
                        "unexpected character '{other}'; an expression uses set names, & | - and parentheses"
                    ),
                });
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    end_column: usize,
}

impl Parser {
    fn peek(&self) -> Option<&(Tok, usize)> {
        self.toks.get(self.pos)
    }

    fn column(&self) -> usize {
        self.peek().map_or(self.end_column, |t| t.1)
    }

    /// Precedence climbing: parses operands joined by operators at least as tight as `min`.
    fn expr(&mut self, min: u8) -> Result<Expr, ExprError> {
        let mut lhs = self.atom()?;
        while let Some((Tok::Op(op), _)) = self.peek() {
            let op = *op;
            if op.precedence() < min {
                break;
            }
            self.pos += 1;
            // Left-associative: the right operand only takes tighter operators.
            let rhs = self.expr(op.precedence() + 1)?;
            lhs = Expr::Binary {
                op,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            };
        }
        Ok(lhs)
    }

    fn atom(&mut self) -> Result<Expr, ExprError> {
        let column = self.column();
        match self.toks.get(self.pos).cloned() {
            Some((Tok::Name(name), column)) => {
                self.pos += 1;
                Ok(Expr::Set { name, column })
            }
            Some((Tok::Open, open_column)) => {
                self.pos += 1;
                let inner = self.expr(0)?;
                match self.peek() {
                    Some((Tok::Close, _)) => {
                        self.pos += 1;
                        Ok(inner)
                    }
                    _ => Err(ExprError {
                        column: self.column(),
                        message: format!(
                            "the parenthesis opened at column {open_column} is never closed"
                        ),
                    }),
                }
            }
            Some((Tok::Op(op), _)) => Err(ExprError {
                column,
                message: format!("expected a set name or '(' before '{}'", op.symbol()),
            }),
            Some((Tok::Close, _)) => Err(ExprError {
                column,
                message: "unexpected ')': nothing to close, or an empty pair of parentheses"
                    .to_string(),
            }),
            None => Err(ExprError {
                column,
                message: "the expression ends where a set name or '(' is expected".to_string(),
            }),
        }
    }
}

impl Expr {
    /// Parses an expression; the error names the column and what was expected there.
    ///
    /// ```
    /// use jiuzhu_link::expr::Expr;
    /// let e = Expr::parse("social_aid & (procuratorate_victims | unpaid)").unwrap();
    /// assert_eq!(e.to_string(), "social_aid & (procuratorate_victims | unpaid)");
    /// assert_eq!(Expr::parse("a | b - c & d").unwrap().to_string(), "a | b - c & d");
    /// assert_eq!(Expr::parse("a &").unwrap_err().column, 4);
    /// ```
    pub fn parse(src: &str) -> Result<Expr, ExprError> {
        let toks = tokenize(src)?;
        let mut p = Parser {
            toks,
            pos: 0,
            end_column: src.chars().count() + 1,
        };
        let e = p.expr(0)?;
        if let Some((tok, column)) = p.peek() {
            let what = match tok {
                Tok::Close => "an unmatched ')'".to_string(),
                Tok::Name(n) => format!("'{n}' where an operator (& | -) is expected"),
                _ => "more input".to_string(),
            };
            return Err(ExprError {
                column: *column,
                message: format!("unexpected {what}"),
            });
        }
        Ok(e)
    }

    /// Every set name the expression uses, with its column, in order of appearance.
    pub fn names(&self) -> Vec<(&str, usize)> {
        let mut out = Vec::new();
        self.collect_names(&mut out);
        out
    }

    fn collect_names<'a>(&'a self, out: &mut Vec<(&'a str, usize)>) {
        match self {
            Expr::Set { name, column } => out.push((name, *column)),
            Expr::Binary { lhs, rhs, .. } => {
                lhs.collect_names(out);
                rhs.collect_names(out);
            }
        }
    }

    fn fmt_prec(&self, f: &mut fmt::Formatter<'_>, parent: u8, right: bool) -> fmt::Result {
        match self {
            Expr::Set { name, .. } => f.write_str(name),
            Expr::Binary { op, lhs, rhs } => {
                let p = op.precedence();
                // A right operand of equal precedence needs parentheses: operators are
                // left-associative and `-` is not associative.
                let paren = p < parent || (right && p == parent);
                if paren {
                    f.write_str("(")?;
                }
                lhs.fmt_prec(f, p, false)?;
                write!(f, " {} ", op.symbol())?;
                rhs.fmt_prec(f, p, true)?;
                if paren {
                    f.write_str(")")?;
                }
                Ok(())
            }
        }
    }
}

/// Canonical text with the fewest parentheses that keep the meaning.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_prec(f, 0, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(e: &Expr) -> String {
        match e {
            Expr::Set { name, .. } => name.clone(),
            Expr::Binary { op, lhs, rhs } => {
                format!("[{} {} {}]", tree(lhs), op.symbol(), tree(rhs))
            }
        }
    }

    #[test]
    fn precedence_and_associativity() {
        let rows = [
            ("a & b", "[a & b]"),
            ("a | b & c", "[a | [b & c]]"),
            ("a & b | c", "[[a & b] | c]"),
            ("a - b & c", "[a - [b & c]]"),
            ("a | b - c", "[a | [b - c]]"),
            ("a - b | c", "[[a - b] | c]"),
            ("a - b - c", "[[a - b] - c]"),
            ("a - (b - c)", "[a - [b - c]]"),
            ("(a | b) & c", "[[a | b] & c]"),
            (
                "social_aid & (procuratorate_victims | unpaid)",
                "[social_aid & [procuratorate_victims | unpaid]]",
            ),
            ("低保低边&（x|y）", "[低保低边 & [x | y]]"),
            ("  screen.x  ", "screen.x"),
        ];
        for (src, want) in rows {
            let e = Expr::parse(src).unwrap_or_else(|err| panic!("{src}: {err}"));
            assert_eq!(tree(&e), want, "{src}");
            // Display round-trips to the same tree.
            let again = Expr::parse(&e.to_string()).unwrap();
            assert_eq!(tree(&again), want, "{src} -> {e}");
        }
    }

    #[test]
    fn syntax_errors_name_the_column() {
        let rows = [
            ("", 1, "ends where"),
            ("a &", 4, "ends where"),
            ("a & & b", 5, "before '&'"),
            ("(a | b", 7, "opened at column 1"),
            ("a | b)", 6, "unmatched ')'"),
            ("a b", 3, "'b' where an operator"),
            ("a + b", 3, "unexpected character '+'"),
            ("()", 2, "unexpected ')'"),
        ];
        for (src, column, msg) in rows {
            let err = Expr::parse(src).unwrap_err();
            assert_eq!(err.column, column, "{src}: {err}");
            assert!(err.message.contains(msg), "{src}: {err}");
        }
    }

    #[test]
    fn names_in_order_with_columns() {
        let e = Expr::parse("unpaid & hardship").unwrap();
        assert_eq!(e.names(), vec![("unpaid", 1), ("hardship", 10)]);
    }
}
