using System.Globalization;

namespace Platform.Reporting.Domain;

public enum RuleOutcome
{
    Passed,
    Failed,
    /// <summary>The rule's <c>when</c> condition is false, or the arithmetic is undefined (division by zero).</summary>
    NotApplicable,
}

/// <summary>The rule text cannot be parsed; <see cref="Position"/> is the zero-based character where it went wrong.</summary>
public sealed class RuleSyntaxException(int position, string vietnamese, string english)
    : DomainException($"{vietnamese} (vị trí {position + 1})", $"{english} (at position {position + 1})")
{
    public int Position { get; } = position;
}

/// <summary>
/// A cross-indicator validation rule in a small, safe language that is parsed here and evaluated by a
/// tree walk — nothing is compiled or executed. Form: <c>assertion [when condition]</c>, e.g.
/// <c>pupils_involved &gt;= incidents_total when incidents_total &gt; 0</c>. Operands are indicator codes
/// and decimal numbers; operators <c>+ - * /</c>, comparisons <c>&gt;= &lt;= &gt; &lt; == !=</c>,
/// <c>and</c>, <c>or</c>, <c>not</c> and parentheses. A yes/no indicator counts as 1 or 0; an empty
/// numeric value counts as 0.
/// </summary>
public sealed class RuleExpression
{
    public const int MaxLength = 500;
    private const int MaxDepth = 40;

    private readonly Node _assertion;
    private readonly Node? _condition;

    private RuleExpression(string text, Node assertion, Node? condition, IReadOnlySet<string> identifiers)
    {
        Text = text;
        _assertion = assertion;
        _condition = condition;
        Identifiers = identifiers;
    }

    public string Text { get; }

    /// <summary>The indicator codes the rule reads.</summary>
    public IReadOnlySet<string> Identifiers { get; }

    /// <summary>Parses <paramref name="text"/>; every identifier must be in <paramref name="numericIndicators"/> when given.</summary>
    public static RuleExpression Parse(string text, IReadOnlySet<string>? numericIndicators = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RuleSyntaxException(0, "Biểu thức trống", "The expression is empty");
        }
        if (text.Length > MaxLength)
        {
            throw new RuleSyntaxException(MaxLength, $"Biểu thức dài quá {MaxLength} ký tự", $"The expression is longer than {MaxLength} characters");
        }
        var parser = new Parser(Tokenize(text), numericIndicators);
        var assertion = parser.ParseExpression(0);
        Node? condition = null;
        if (parser.Accept(TokenKind.Keyword, "when"))
        {
            condition = parser.ParseExpression(0);
            parser.RequireBoolean(condition, "điều kiện sau 'when'", "the condition after 'when'");
        }
        parser.ExpectEnd();
        parser.RequireBoolean(assertion, "khẳng định của quy tắc", "the rule's assertion");
        return new RuleExpression(text, assertion, condition, parser.Identifiers);
    }

    /// <summary>Evaluates the rule over values looked up by indicator code.</summary>
    public RuleOutcome Evaluate(Func<string, decimal> value)
    {
        try
        {
            if (_condition is not null && !((BoolNode)_condition).Eval(value))
            {
                return RuleOutcome.NotApplicable;
            }
            return ((BoolNode)_assertion).Eval(value) ? RuleOutcome.Passed : RuleOutcome.Failed;
        }
        catch (Exception ex) when (ex is DivideByZeroException or OverflowException)
        {
            return RuleOutcome.NotApplicable;
        }
    }

    // ---- tokens ----

    private enum TokenKind { Number, Identifier, Keyword, Operator, LeftParen, RightParen, End }

    private sealed record Token(TokenKind Kind, string Text, int Position);

    private static readonly HashSet<string> Keywords = ["and", "or", "not", "when"];

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            var start = i;
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
                var number = text[start..i];
                if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
                {
                    throw new RuleSyntaxException(start, $"Số '{number}' không hợp lệ", $"The number '{number}' is not valid");
                }
                tokens.Add(new Token(TokenKind.Number, number, start));
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
                var word = text[start..i];
                tokens.Add(new Token(Keywords.Contains(word.ToLowerInvariant()) ? TokenKind.Keyword : TokenKind.Identifier,
                    Keywords.Contains(word.ToLowerInvariant()) ? word.ToLowerInvariant() : word, start));
                continue;
            }
            if (c == '(') { tokens.Add(new Token(TokenKind.LeftParen, "(", i++)); continue; }
            if (c == ')') { tokens.Add(new Token(TokenKind.RightParen, ")", i++)); continue; }
            var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
            if (two is ">=" or "<=" or "==" or "!=")
            {
                tokens.Add(new Token(TokenKind.Operator, two, i));
                i += 2;
                continue;
            }
            if (c is '+' or '-' or '*' or '/' or '>' or '<' or '=')
            {
                tokens.Add(new Token(TokenKind.Operator, c == '=' ? "==" : c.ToString(), i++));
                continue;
            }
            throw new RuleSyntaxException(i, $"Ký tự '{c}' không được phép", $"The character '{c}' is not allowed");
        }
        tokens.Add(new Token(TokenKind.End, "", text.Length));
        return tokens;
    }

    // ---- tree ----

    private abstract class Node(int position)
    {
        public int Position { get; } = position;
    }

    private abstract class NumNode(int position) : Node(position)
    {
        public abstract decimal Eval(Func<string, decimal> value);
    }

    private abstract class BoolNode(int position) : Node(position)
    {
        public abstract bool Eval(Func<string, decimal> value);
    }

    private sealed class Constant(int position, decimal number) : NumNode(position)
    {
        public override decimal Eval(Func<string, decimal> value) => number;
    }

    private sealed class Variable(int position, string code) : NumNode(position)
    {
        public override decimal Eval(Func<string, decimal> value) => value(code);
    }

    private sealed class Negate(int position, NumNode operand) : NumNode(position)
    {
        public override decimal Eval(Func<string, decimal> value) => -operand.Eval(value);
    }

    private sealed class Arithmetic(int position, string op, NumNode left, NumNode right) : NumNode(position)
    {
        public override decimal Eval(Func<string, decimal> value)
        {
            var l = left.Eval(value);
            var r = right.Eval(value);
            return op switch
            {
                "+" => l + r,
                "-" => l - r,
                "*" => l * r,
                _ => l / r,
            };
        }
    }

    private sealed class Comparison(int position, string op, NumNode left, NumNode right) : BoolNode(position)
    {
        public override bool Eval(Func<string, decimal> value)
        {
            var l = left.Eval(value);
            var r = right.Eval(value);
            return op switch
            {
                ">=" => l >= r,
                "<=" => l <= r,
                ">" => l > r,
                "<" => l < r,
                "==" => l == r,
                _ => l != r,
            };
        }
    }

    private sealed class Logical(int position, string op, BoolNode left, BoolNode right) : BoolNode(position)
    {
        public override bool Eval(Func<string, decimal> value) =>
            op == "and" ? left.Eval(value) && right.Eval(value) : left.Eval(value) || right.Eval(value);
    }

    private sealed class Not(int position, BoolNode operand) : BoolNode(position)
    {
        public override bool Eval(Func<string, decimal> value) => !operand.Eval(value);
    }

    // ---- parser ----

    private sealed class Parser(List<Token> tokens, IReadOnlySet<string>? known)
    {
        private int _index;
        private int _depth;

        public HashSet<string> Identifiers { get; } = new(StringComparer.Ordinal);

        private Token Current => tokens[_index];

        public bool Accept(TokenKind kind, string? text = null)
        {
            if (Current.Kind == kind && (text is null || Current.Text == text))
            {
                _index++;
                return true;
            }
            return false;
        }

        public void ExpectEnd()
        {
            if (Current.Kind != TokenKind.End)
            {
                throw new RuleSyntaxException(Current.Position, $"Không mong đợi '{Current.Text}'", $"Unexpected '{Current.Text}'");
            }
        }

        public void RequireBoolean(Node node, string vi, string en)
        {
            if (node is not BoolNode)
            {
                throw new RuleSyntaxException(node.Position, $"{char.ToUpperInvariant(vi[0])}{vi[1..]} phải là một phép so sánh", $"{char.ToUpperInvariant(en[0])}{en[1..]} must be a comparison");
            }
        }

        // Precedence climbing: or < and < not < comparison < + - < * / < unary.
        public Node ParseExpression(int _) => Guard(ParseOr);

        private Node Guard(Func<Node> parse)
        {
            if (++_depth > MaxDepth)
            {
                throw new RuleSyntaxException(Current.Position, "Biểu thức lồng nhau quá sâu", "The expression is nested too deeply");
            }
            try { return parse(); }
            finally { _depth--; }
        }

        private Node ParseOr()
        {
            var left = ParseAnd();
            while (Current is { Kind: TokenKind.Keyword, Text: "or" })
            {
                var at = Current.Position;
                _index++;
                left = new Logical(at, "or", AsBool(left, "or"), AsBool(ParseAnd(), "or"));
            }
            return left;
        }

        private Node ParseAnd()
        {
            var left = ParseNot();
            while (Current is { Kind: TokenKind.Keyword, Text: "and" })
            {
                var at = Current.Position;
                _index++;
                left = new Logical(at, "and", AsBool(left, "and"), AsBool(ParseNot(), "and"));
            }
            return left;
        }

        private Node ParseNot()
        {
            if (Current is { Kind: TokenKind.Keyword, Text: "not" })
            {
                var at = Current.Position;
                _index++;
                return new Not(at, AsBool(Guard(ParseNot), "not"));
            }
            return ParseComparison();
        }

        private Node ParseComparison()
        {
            var left = ParseAdditive();
            if (Current is { Kind: TokenKind.Operator, Text: ">=" or "<=" or ">" or "<" or "==" or "!=" })
            {
                var op = Current;
                _index++;
                var right = ParseAdditive();
                return new Comparison(op.Position, op.Text, AsNumber(left, op.Text), AsNumber(right, op.Text));
            }
            return left;
        }

        private Node ParseAdditive()
        {
            var left = ParseMultiplicative();
            while (Current is { Kind: TokenKind.Operator, Text: "+" or "-" })
            {
                var op = Current;
                _index++;
                left = new Arithmetic(op.Position, op.Text, AsNumber(left, op.Text), AsNumber(ParseMultiplicative(), op.Text));
            }
            return left;
        }

        private Node ParseMultiplicative()
        {
            var left = ParseUnary();
            while (Current is { Kind: TokenKind.Operator, Text: "*" or "/" })
            {
                var op = Current;
                _index++;
                left = new Arithmetic(op.Position, op.Text, AsNumber(left, op.Text), AsNumber(ParseUnary(), op.Text));
            }
            return left;
        }

        private Node ParseUnary()
        {
            if (Current is { Kind: TokenKind.Operator, Text: "-" })
            {
                var at = Current.Position;
                _index++;
                return new Negate(at, AsNumber(Guard(ParseUnary), "-"));
            }
            return ParsePrimary();
        }

        private Node ParsePrimary()
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Number:
                    _index++;
                    return new Constant(token.Position, decimal.Parse(token.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
                case TokenKind.Identifier:
                    _index++;
                    if (known is not null && !known.Contains(token.Text))
                    {
                        throw new RuleSyntaxException(token.Position,
                            $"'{token.Text}' không phải là mã của một chỉ tiêu số hoặc có/không trong mẫu",
                            $"'{token.Text}' is not the code of a numeric or yes/no indicator of the template");
                    }
                    Identifiers.Add(token.Text);
                    return new Variable(token.Position, token.Text);
                case TokenKind.LeftParen:
                    _index++;
                    var inner = Guard(ParseOr);
                    if (!Accept(TokenKind.RightParen))
                    {
                        throw new RuleSyntaxException(Current.Position, "Thiếu dấu ')'", "A ')' is missing");
                    }
                    return inner;
                case TokenKind.End:
                    throw new RuleSyntaxException(token.Position, "Biểu thức kết thúc giữa chừng", "The expression ends too early");
                default:
                    throw new RuleSyntaxException(token.Position, $"Không mong đợi '{token.Text}'", $"Unexpected '{token.Text}'");
            }
        }

        private static NumNode AsNumber(Node node, string op) => node as NumNode
            ?? throw new RuleSyntaxException(node.Position, $"Toán tử '{op}' cần một giá trị số, không phải một phép so sánh",
                $"The operator '{op}' needs a number, not a comparison");

        private static BoolNode AsBool(Node node, string op) => node as BoolNode
            ?? throw new RuleSyntaxException(node.Position, $"'{op}' cần một phép so sánh, không phải một số",
                $"'{op}' needs a comparison, not a number");
    }
}
