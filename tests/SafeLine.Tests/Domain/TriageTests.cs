using Platform.SafeLine.Domain;

namespace Platform.SafeLine.Tests.Domain;

public sealed class TriageTests
{
    [Theory]
    [InlineData(CaseCategory.SelfHarm)]
    [InlineData(CaseCategory.Drugs)]
    public void Self_harm_and_drugs_are_high_whatever_the_words(CaseCategory category) =>
        Assert.Equal(CaseSeverity.High, Triage.Assess(category, "Em không biết phải nói sao.", null));

    [Theory]
    [InlineData("Có người bán ma túy ở cổng trường")]
    [InlineData("co nguoi ban ma tuy o cong truong")]
    [InlineData("CÓ NGƯỜI BÁN MA TUÝ")]
    [InlineData("Bạn ấy nói muốn chết vì bị cả lớp tẩy chay")]
    [InlineData("ban ay noi muon chet")]
    [InlineData("Một anh lớp trên mang dao vào lớp")]
    [InlineData("nó có súng")]
    [InlineData("em thấy bạn ấy rạch tay")]
    [InlineData("Hắn dọa giết bạn em")]
    public void Words_of_danger_to_life_self_harm_weapons_or_drugs_make_a_case_high(string text) =>
        Assert.Equal(CaseSeverity.High, Triage.Assess(CaseCategory.Bullying, text, null));

    [Theory]
    [InlineData("Các bạn cứ từ từ trêu chọc em mỗi ngày")] // "từ từ" (slowly) is not "tự tử"
    [InlineData("Bạn ấy bị chê là thiếu đạo đức")]       // "đạo" is not "dao" (knife) when typed with its marks
    [InlineData("Em bị bổ sung vào nhóm chat để bị chửi")] // "bổ sung" holds no "súng"
    [InlineData("Các bạn lấy mất đồ dùng học tập của em")]
    public void Ordinary_words_with_their_diacritics_stay_normal(string text) =>
        Assert.Equal(CaseSeverity.Normal, Triage.Assess(CaseCategory.Bullying, text, null));

    [Fact]
    public void The_place_counts_too() =>
        Assert.Equal(CaseSeverity.High, Triage.Assess(CaseCategory.Other, "Có chuyện lạ", "chỗ bán thuốc lắc sau trường"));
}

public sealed class AcknowledgementPolicyTests
{
    private static DateTimeOffset Local(int day, int hour, int minute = 0) => new(2025, 3, day, hour, minute, 0, TimeSpan.FromHours(7));

    [Fact]
    public void Fifteen_minutes_in_school_hours_sixty_otherwise()
    {
        var policy = AcknowledgementPolicy.Default;
        Assert.Equal(TimeSpan.FromMinutes(15), policy.WindowAt(Local(3, 9)));      // Monday 09:00
        Assert.Equal(TimeSpan.FromMinutes(15), policy.WindowAt(Local(8, 7)));      // Saturday 07:00
        Assert.Equal(TimeSpan.FromMinutes(60), policy.WindowAt(Local(3, 6, 59)));  // before school
        Assert.Equal(TimeSpan.FromMinutes(60), policy.WindowAt(Local(3, 20)));     // evening
        Assert.Equal(TimeSpan.FromMinutes(60), policy.WindowAt(Local(9, 10)));     // Sunday
    }
}

public sealed class EscalationTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 3, 9, 0, 30, TimeSpan.FromHours(7));
    private static readonly Guid District = Guid.NewGuid(), Department = Guid.NewGuid();

    private static SafeCase High() => SafeCase.Open("AT-AAAA-BBBB", CaseCredentials.Hash("x"), Guid.NewGuid(), CaseCategory.SelfHarm,
        new DateOnly(2025, 3, 3), null, null, "Em muốn chết", null, Start, AcknowledgementPolicy.Default.WindowAt);

    [Fact]
    public void A_high_case_must_be_acknowledged_within_the_window_and_its_times_are_kept_to_the_minute()
    {
        var c = High();
        Assert.Equal(0, c.ReceivedAt.Second);
        Assert.Equal(new DateTimeOffset(2025, 3, 3, 9, 15, 0, TimeSpan.FromHours(7)), c.AcknowledgeBy);
    }

    [Fact]
    public void Unacknowledged_high_case_escalates_to_the_supervising_unit_then_the_Department_then_stops()
    {
        var c = High();
        Assert.False(c.Escalate([District, Department], Start.AddMinutes(10), TimeSpan.FromMinutes(15)));
        Assert.True(c.Escalate([District, Department], Start.AddMinutes(16), TimeSpan.FromMinutes(15)));
        Assert.Equal((1, District), (c.EscalationLevel, c.EscalatedToUnitId!.Value));
        Assert.True(c.Escalate([District, Department], Start.AddMinutes(40), TimeSpan.FromMinutes(15)));
        Assert.Equal((2, Department), (c.EscalationLevel, c.EscalatedToUnitId!.Value));
        Assert.False(c.Escalate([District, Department], Start.AddHours(3), TimeSpan.FromMinutes(15)));
        Assert.Null(c.AcknowledgeBy);
    }

    [Fact]
    public void A_school_directly_under_the_Department_escalates_straight_to_it()
    {
        var c = High();
        Assert.True(c.Escalate([Department], Start.AddMinutes(16), TimeSpan.FromMinutes(15)));
        Assert.Equal((2, Department), (c.EscalationLevel, c.EscalatedToUnitId!.Value));
    }

    [Fact]
    public void An_acknowledged_case_never_escalates_and_a_normal_one_has_no_deadline()
    {
        var c = High();
        c.Acknowledge("hieu-truong", Start.AddMinutes(5));
        Assert.False(c.Escalate([District, Department], Start.AddHours(1), TimeSpan.FromMinutes(15)));
        Assert.Equal(CaseStatus.Acknowledged, c.Status);

        var normal = SafeCase.Open("AT-CCCC-DDDD", CaseCredentials.Hash("x"), Guid.NewGuid(), CaseCategory.Bullying, new DateOnly(2025, 3, 3), null, null,
            "Bạn ấy lấy bút của em", null, Start, AcknowledgementPolicy.Default.WindowAt);
        Assert.Equal(CaseSeverity.Normal, normal.Severity);
        Assert.Null(normal.AcknowledgeBy);
    }

    [Fact]
    public void Words_added_later_raise_a_normal_case_and_start_its_clock()
    {
        var c = SafeCase.Open("AT-CCCC-DDDD", CaseCredentials.Hash("x"), Guid.NewGuid(), CaseCategory.Bullying, new DateOnly(2025, 3, 3), null, null,
            "Bạn ấy lấy bút của em", null, Start, AcknowledgementPolicy.Default.WindowAt);
        c.AddFromReporter("Hôm nay bạn ấy mang dao", Start.AddMinutes(30), AcknowledgementPolicy.Default.WindowAt, out var raised);
        Assert.True(raised);
        Assert.Equal(CaseSeverity.High, c.Severity);
        Assert.Equal(new DateTimeOffset(2025, 3, 3, 9, 45, 0, TimeSpan.FromHours(7)), c.AcknowledgeBy);
    }
}

public sealed class CaseCredentialsTests
{
    [Fact]
    public void A_passphrase_verifies_however_it_is_typed_and_only_its_hash_is_kept()
    {
        var passphrase = CaseCredentials.NewPassphrase();
        var hash = CaseCredentials.Hash(passphrase);
        Assert.Equal(32, hash.Hash.Length);
        Assert.True(CaseCredentials.Verify(passphrase.ToUpperInvariant().Replace('-', ' '), hash.Salt, hash.Hash));
        Assert.False(CaseCredentials.Verify(passphrase + "x", hash.Salt, hash.Hash));
        Assert.False(CaseCredentials.VerifyNothing(passphrase));
    }

    [Theory]
    [InlineData("at-7kq3-m9xd", "AT-7KQ3-M9XD")]
    [InlineData("AT 7KQ3 M9XD", "AT-7KQ3-M9XD")]
    [InlineData("7KQ3M9XD", "AT-7KQ3-M9XD")]
    [InlineData("AT-7KQ3", null)]
    public void Codes_are_read_as_people_copy_them(string typed, string? expected) =>
        Assert.Equal(expected, CaseCredentials.NormaliseCode(typed));

    [Fact]
    public void New_codes_have_the_documented_shape() =>
        Assert.Matches("^AT-[346789A-Y]{4}-[346789A-Y]{4}$", CaseCredentials.NewCode());
}
