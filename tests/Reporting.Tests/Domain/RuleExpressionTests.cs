using Platform.Reporting.Domain;

namespace Platform.Reporting.Tests.Domain;

public sealed class RuleExpressionTests
{
    private static readonly IReadOnlySet<string> Codes = new HashSet<string> { "pupils_involved", "incidents_total", "a", "b", "c", "has_hotline" };

    private static Func<string, decimal> Values(params (string Code, decimal Value)[] values) =>
        code => values.FirstOrDefault(v => v.Code == code).Value;

    [Theory]
    [InlineData(3, 2, RuleOutcome.Passed)]
    [InlineData(2, 2, RuleOutcome.Passed)]
    [InlineData(1, 2, RuleOutcome.Failed)]
    [InlineData(0, 0, RuleOutcome.NotApplicable)]
    public void The_example_rule_holds_only_when_incidents_were_reported(decimal pupils, decimal incidents, RuleOutcome expected)
    {
        var rule = RuleExpression.Parse("pupils_involved >= incidents_total when incidents_total > 0", Codes);
        Assert.Equal(expected, rule.Evaluate(Values(("pupils_involved", pupils), ("incidents_total", incidents))));
        Assert.Equal(["incidents_total", "pupils_involved"], rule.Identifiers.Order());
    }

    [Theory]
    [InlineData("a + b * 2 == 7", 1, 3, 0, RuleOutcome.Passed)]
    [InlineData("(a + b) * 2 == 8", 1, 3, 0, RuleOutcome.Passed)]
    [InlineData("a - b - c == -4", 1, 3, 2, RuleOutcome.Passed)]
    [InlineData("a / b > 0.3", 1, 3, 0, RuleOutcome.Passed)]
    [InlineData("a > 0 and b > 0 or c > 0", 0, 0, 1, RuleOutcome.Passed)]
    [InlineData("a > 0 and (b > 0 or c > 0)", 0, 0, 1, RuleOutcome.Failed)]
    [InlineData("not a > 0", 0, 0, 0, RuleOutcome.Passed)]
    [InlineData("a != b", 2, 2, 0, RuleOutcome.Failed)]
    [InlineData("a = b", 2, 2, 0, RuleOutcome.Passed)]
    [InlineData("-a < 0", 2, 0, 0, RuleOutcome.Passed)]
    [InlineData("a / b > 1", 1, 0, 0, RuleOutcome.NotApplicable)]
    [InlineData("has_hotline == 1 when a > 0", 1, 0, 0, RuleOutcome.Failed)]
    [InlineData("A > 0 AND B > 0", 1, 1, 0, RuleOutcome.Failed)]
    public void Arithmetic_comparisons_and_logic_follow_the_usual_precedence(string text, decimal a, decimal b, decimal c, RuleOutcome expected)
    {
        var known = new HashSet<string>(Codes) { "A", "B" };
        Assert.Equal(expected, RuleExpression.Parse(text, known).Evaluate(Values(("a", a), ("b", b), ("c", c))));
    }

    [Fact]
    public void Empty_values_count_as_zero() =>
        Assert.Equal(RuleOutcome.Passed, RuleExpression.Parse("a + b == 0", Codes).Evaluate(_ => 0));

    [Theory]
    [InlineData("pupils >= 1", 0, "pupils")]
    [InlineData("a + 1", 2, "comparison")]
    [InlineData("(a > 1", 6, "')'")]
    [InlineData("a > 1)", 5, "')'")]
    [InlineData("a > 1; DROP TABLE x", 5, "';'")]
    [InlineData("System.IO.File.Delete(a) > 0", 6, "'.'")]
    [InlineData("(a > 1) + 2 > 0", 3, "'+'")]
    [InlineData("a > 1 and 2", 10, "'and'")]
    [InlineData("a >", 3, "too early")]
    [InlineData("a > 1 when b", 11, "condition after 'when'")]
    [InlineData("a > 1.2.3", 4, "1.2.3")]
    [InlineData("   ", 0, "empty")]
    public void Bad_rules_are_refused_with_where_and_why(string text, int position, string mentions)
    {
        var ex = Assert.Throws<RuleSyntaxException>(() => RuleExpression.Parse(text, Codes));
        Assert.Equal(position, ex.Position);
        Assert.Contains(mentions, ex.English);
        Assert.False(string.IsNullOrWhiteSpace(ex.Vietnamese));
    }

    [Fact]
    public void Deep_nesting_and_overlong_text_are_refused_instead_of_overflowing_the_stack()
    {
        var deep = new string('(', 500) + "a > 1" + new string(')', 500);
        Assert.Throws<RuleSyntaxException>(() => RuleExpression.Parse(deep, Codes));
        var nots = string.Concat(Enumerable.Repeat("not ", 200)) + "a > 1";
        Assert.Throws<RuleSyntaxException>(() => RuleExpression.Parse(nots, Codes));
        Assert.Throws<RuleSyntaxException>(() => RuleExpression.Parse("a > " + new string('1', 600), Codes));
    }
}
