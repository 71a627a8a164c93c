using Platform.Coordination.Domain;

namespace Platform.Coordination.Tests;

/// <summary>Coverage arithmetic, cadence periods, obligations and rules: no database.</summary>
public sealed class CoverageArithmeticTests
{
    private static readonly CoverageSchool School = new(Guid.NewGuid(), "THCS-1", "Trường THCS Một", "LowerSecondarySchool", "HP-LC-LAMSON");
    private static CoverageParty Self => new(School.Id, "LowerSecondarySchool", School.AreaCode);
    private static CoverageParty Committee(string area) => new(Guid.NewGuid(), "WardPeoplesCommittee", area);
    private static CoverageParty WardPolice(string area) => new(Guid.NewGuid(), "WardPolice", area);
    private static CoverageProgramme Programme(params CoverageParty[] parties) => new(Guid.NewGuid(), "CTPH", parties);

    [Fact]
    public void A_programme_with_the_schools_own_ward_committee_and_ward_police_covers_it()
    {
        var p = Programme(Self, Committee("HP-LC-LAMSON"), WardPolice("HP-LC-LAMSON"));
        var result = CoverageCalculator.For(School, [p], requirePolice: true);
        Assert.True(result.Covered);
        Assert.Equal((CoverageGap.None, p.Id), (result.Gap, result.CoveringProgrammeId!.Value));
    }

    [Fact]
    public void District_police_of_the_schools_district_count_as_its_police_but_another_districts_do_not()
    {
        var own = CoverageCalculator.For(School, [Programme(Self, Committee("HP-LC-LAMSON"), new CoverageParty(Guid.NewGuid(), "DistrictPolice", "HP-LC"))], true);
        var other = CoverageCalculator.For(School, [Programme(Self, Committee("HP-LC-LAMSON"), new CoverageParty(Guid.NewGuid(), "DistrictPolice", "HP-LCX"))], true);
        Assert.True(own.Covered);
        Assert.False(other.Covered);
        Assert.Equal(CoverageGap.NoPolice, other.Gap);
    }

    [Fact]
    public void Another_wards_committee_or_a_programme_that_does_not_name_the_school_does_not_cover_it()
    {
        var neighbour = CoverageCalculator.For(School, [Programme(Self, Committee("HP-LC-DUHANG"), WardPolice("HP-LC-LAMSON"))], true);
        Assert.Equal((false, CoverageGap.NoLocalAuthority, false, true), (neighbour.Covered, neighbour.Gap, neighbour.WithLocalAuthority, neighbour.WithPolice));
        var notParty = CoverageCalculator.For(School, [Programme(Committee("HP-LC-LAMSON"), WardPolice("HP-LC-LAMSON"))], true);
        Assert.Equal((false, CoverageGap.NoProgramme), (notParty.Covered, notParty.Gap));
    }

    [Fact]
    public void Authority_and_police_must_be_in_the_same_programme_unless_police_are_not_required()
    {
        var split = new[] { Programme(Self, Committee("HP-LC-LAMSON")), Programme(Self, WardPolice("HP-LC-LAMSON")) };
        var strict = CoverageCalculator.For(School, split, requirePolice: true);
        Assert.Equal((false, true, true, CoverageGap.NoPolice), (strict.Covered, strict.WithLocalAuthority, strict.WithPolice, strict.Gap));
        Assert.True(CoverageCalculator.For(School, split, requirePolice: false).Covered);
    }

    [Fact]
    public void An_outside_agency_with_kind_and_area_counts_like_a_directory_unit()
    {
        var outsideCommittee = new CoverageParty(null, "WardPeoplesCommittee", "HP-LC-LAMSON");
        var outsidePolice = new CoverageParty(null, "WardPolice", "HP-LC-LAMSON");
        Assert.True(CoverageCalculator.For(School, [Programme(Self, outsideCommittee, outsidePolice)], true).Covered);
    }

    [Fact]
    public void A_school_without_an_area_code_can_never_be_covered()
    {
        var nowhere = School with { AreaCode = null };
        var result = CoverageCalculator.For(nowhere, [Programme(new CoverageParty(nowhere.Id, "Preschool", null), Committee("HP-LC-LAMSON"), WardPolice("HP-LC-LAMSON"))], true);
        Assert.Equal((false, CoverageGap.NoLocalAuthority), (result.Covered, result.Gap));
    }

    [Fact]
    public void Totals_count_covered_partial_and_percent_with_one_decimal()
    {
        var covered = new SchoolCoverage(School, true, true, true, Guid.NewGuid(), CoverageGap.None);
        var authorityOnly = covered with { Covered = false, WithPolice = false, Gap = CoverageGap.NoPolice };
        var none = covered with { Covered = false, WithLocalAuthority = false, WithPolice = false, Gap = CoverageGap.NoProgramme };
        var totals = CoverageCalculator.Totals([covered, covered, authorityOnly, none, none, none]);
        Assert.Equal((6, 2, 4, 3, 2), (totals.Schools, totals.Covered, totals.Uncovered, totals.WithLocalAuthority, totals.WithPolice));
        Assert.Equal(33.3m, totals.Percent);
        Assert.Equal(0m, CoverageCalculator.Totals([]).Percent);
        Assert.Equal(66.7m, CoverageCalculator.Totals([covered, covered, none]).Percent);
    }

    [Fact]
    public void A_programme_is_in_force_only_while_signed_and_within_its_validity_and_reads_expired_after_it()
    {
        var p = new Programme { Title = "CTPH", CreatedBy = "u", UpdatedBy = "u", ValidFrom = new(2024, 9, 1), ValidTo = new(2025, 6, 30) };
        Assert.False(p.IsInForceOn(new(2024, 10, 1)));
        p.Parties.AddRange([new ProgrammeParty { Name = "A", Kind = "PrimarySchool" }, new ProgrammeParty { Name = "B", Kind = "WardPeoplesCommittee" }]);
        p.Sign(new(2024, 9, 5), new Actor("u", Guid.Empty, new DateTimeOffset(2024, 9, 5, 3, 0, 0, TimeSpan.Zero)));
        Assert.True(p.IsInForceOn(new(2024, 10, 1)));
        Assert.False(p.IsInForceOn(new(2025, 7, 1)));
        Assert.False(p.IsInForceOn(new(2024, 8, 31)));
        Assert.Equal(ProgrammeStatus.Signed, p.StatusOn(new(2025, 6, 30)));
        Assert.Equal(ProgrammeStatus.Expired, p.StatusOn(new(2025, 7, 1)));
        Assert.Throws<DomainException>(() => p.Terminate(new(2025, 7, 2), "hết hạn", new Actor("u", Guid.Empty, new DateTimeOffset(2025, 7, 2, 3, 0, 0, TimeSpan.Zero))));
    }

    [Fact]
    public void Signing_needs_two_parties_and_a_date_not_in_the_future()
    {
        var actor = new Actor("u", Guid.Empty, new DateTimeOffset(2024, 9, 5, 3, 0, 0, TimeSpan.Zero));
        var p = new Programme { Title = "CTPH", CreatedBy = "u", UpdatedBy = "u", ValidFrom = new(2024, 9, 1) };
        p.Parties.Add(new ProgrammeParty { Name = "A", Kind = "PrimarySchool" });
        Assert.Throws<DomainException>(() => p.Sign(new(2024, 9, 5), actor));
        p.Parties.Add(new ProgrammeParty { Name = "B", Kind = "WardPolice" });
        Assert.Throws<DomainException>(() => p.Sign(new(2024, 9, 6), actor));
        p.Sign(new(2024, 9, 5), actor);
        Assert.Throws<DomainException>(() => p.Sign(new(2024, 9, 5), actor));
    }
}

public sealed class CadenceAndObligationTests
{
    [Theory]
    [InlineData(CadenceInterval.Weekly, "2024-10-09", "2024-10-07", "2024-10-13")]
    [InlineData(CadenceInterval.Weekly, "2024-10-13", "2024-10-07", "2024-10-13")]
    [InlineData(CadenceInterval.Monthly, "2024-02-29", "2024-02-01", "2024-02-29")]
    [InlineData(CadenceInterval.Quarterly, "2024-11-15", "2024-10-01", "2024-12-31")]
    public void Periods_are_monday_weeks_calendar_months_and_quarters(CadenceInterval interval, string date, string start, string end)
    {
        var period = CadencePeriods.Containing(interval, DateOnly.Parse(date));
        Assert.Equal((DateOnly.Parse(start), DateOnly.Parse(end)), (period.Start, period.End));
    }

    [Fact]
    public void Completed_periods_are_whole_periods_after_the_start_that_ended_before_today_newest_few()
    {
        var periods = CadencePeriods.Completed(CadenceInterval.Monthly, new DateOnly(2024, 9, 15), null, new DateOnly(2025, 1, 10), lookback: 3);
        // September began before the cadence: not required. January is not over.
        Assert.Equal([new(new(2024, 10, 1), new(2024, 10, 31)), new(new(2024, 11, 1), new(2024, 11, 30)), new CadencePeriod(new(2024, 12, 1), new(2024, 12, 31))], periods);
        Assert.Equal(2, CadencePeriods.Completed(CadenceInterval.Monthly, new DateOnly(2024, 9, 15), null, new DateOnly(2025, 1, 10), lookback: 2).Count);
        Assert.Equal([new CadencePeriod(new(2024, 10, 1), new(2024, 10, 31))],
            CadencePeriods.Completed(CadenceInterval.Monthly, new DateOnly(2024, 10, 1), new DateOnly(2024, 11, 15), new DateOnly(2025, 1, 10), lookback: 3));
    }

    [Fact]
    public void Obligation_due_dates_step_by_recurrence_until_the_limit()
    {
        var o = new ProgrammeObligation { Title = "Tuyên truyền", Recurrence = Recurrence.Quarterly, FirstDueDate = new(2024, 12, 15) };
        Assert.Equal([new(2024, 12, 15), new(2025, 3, 15), new DateOnly(2025, 6, 15)], o.DueDates(new(2025, 8, 1)));
        o.Recurrence = Recurrence.Once;
        Assert.Equal([new DateOnly(2024, 12, 15)], o.DueDates(new(2030, 1, 1)));
        Assert.Empty(o.DueDates(new(2024, 12, 14)));
    }
}

/// <summary>The referral lifecycle, including late, duplicate-by-content and out-of-order replies.</summary>
public sealed class ReferralStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2024, 10, 7, 0, 42, 0, TimeSpan.Zero);
    private static readonly Guid District = Guid.NewGuid();
    private static readonly Guid Department = Guid.NewGuid();

    private static Referral New(ReferralSeverity severity = ReferralSeverity.LifeSafety) => Referral.Create(Guid.NewGuid(), new IncidentRecord
    {
        Id = Guid.NewGuid(), ReportingUnitId = Guid.NewGuid(), SupervisingUnitIds = [District, Department], Category = "SchoolViolence", Place = "Cổng trường",
    }, severity, ReferralTrigger.Automatic, null, "system", null, T0, TimeSpan.FromMinutes(15));

    [Fact]
    public void The_happy_path_goes_requested_sent_acknowledged_accepted_outcome_closed()
    {
        var r = New();
        Assert.Equal((ReferralStatus.Requested, T0.AddMinutes(15)), (r.Status, r.AcknowledgeBy));
        Assert.True(r.MarkSent(T0.AddSeconds(1), 1));
        Assert.Equal(ReplyEffect.Applied, r.Acknowledge(T0.AddMinutes(2), "CA phường", T0.AddMinutes(2), Guid.NewGuid()));
        Assert.Equal(ReplyEffect.Applied, r.Accept(T0.AddMinutes(5), "CA-1", null, T0.AddMinutes(5), Guid.NewGuid()));
        Assert.Equal(ReplyEffect.Applied, r.RecordOutcome(T0.AddDays(3), "Resolved", "đã xử lý", T0.AddDays(3), Guid.NewGuid()));
        r.Close("hieu-truong", "xong", T0.AddDays(4));
        Assert.Equal(ReferralStatus.Closed, r.Status);
        Assert.Equal(["Requested", "Sent", "Acknowledged", "Accepted", "OutcomeRecorded", "Closed"], r.History.Select(h => h.Kind));
    }

    [Fact]
    public void An_acknowledgement_after_the_outcome_changes_nothing_and_is_recorded_as_ignored()
    {
        var r = New();
        Assert.Equal(ReplyEffect.Applied, r.RecordOutcome(T0.AddHours(1), "Resolved", null, T0.AddHours(1), Guid.NewGuid()));
        // The outcome implies the police acknowledged and took the case on.
        Assert.Equal((ReferralStatus.OutcomeRecorded, T0.AddHours(1)), (r.Status, r.AcknowledgedAt!.Value));
        var before = (r.Status, r.AcknowledgedAt, r.DecidedAt, r.HandlingUnit);
        Assert.Equal(ReplyEffect.IgnoredLate, r.Acknowledge(T0.AddMinutes(3), "CA phường", T0.AddHours(2), Guid.NewGuid()));
        Assert.Equal(before, (r.Status, r.AcknowledgedAt, r.DecidedAt, r.HandlingUnit));
        Assert.Equal(1, r.History.Count(h => h.Kind == "ReplyIgnored"));
    }

    [Fact]
    public void An_acceptance_after_the_outcome_keeps_the_status_and_adds_the_case_reference_once()
    {
        // Replies are applied side by side, so the outcome can overtake the acceptance it follows.
        var r = New();
        Assert.Equal(ReplyEffect.Applied, r.RecordOutcome(T0.AddHours(1), "Resolved", null, T0.AddHours(1), Guid.NewGuid()));
        Assert.Null(r.PoliceCaseReference);

        Assert.Equal(ReplyEffect.DetailsAdded, r.Accept(T0.AddMinutes(30), "CA-20261207-00001", "CA phường Hàng Kênh", T0.AddHours(1), Guid.NewGuid()));

        Assert.Equal((ReferralStatus.OutcomeRecorded, "CA-20261207-00001", "CA phường Hàng Kênh", T0.AddMinutes(30)),
            (r.Status, r.PoliceCaseReference, r.HandlingUnit, r.DecidedAt!.Value));
        // A second acceptance (another message id) finds the case reference there: late, nothing changes.
        Assert.Equal(ReplyEffect.IgnoredLate, r.Accept(T0.AddMinutes(31), "CA-khac", "khác", T0.AddHours(2), Guid.NewGuid()));
        Assert.Equal(("CA-20261207-00001", "CA phường Hàng Kênh"), (r.PoliceCaseReference, r.HandlingUnit));
        Assert.Equal(["Requested", "OutcomeRecorded", "Accepted", "ReplyIgnored"], r.History.Select(h => h.Kind));
    }

    [Fact]
    public void A_repeated_acknowledgement_with_a_new_message_id_is_late_not_a_second_acknowledgement()
    {
        var r = New();
        r.Acknowledge(T0.AddMinutes(1), "A", T0.AddMinutes(1), Guid.NewGuid());
        Assert.Equal(ReplyEffect.IgnoredLate, r.Acknowledge(T0.AddMinutes(9), "B", T0.AddMinutes(9), Guid.NewGuid()));
        Assert.Equal((T0.AddMinutes(1), "A"), (r.AcknowledgedAt!.Value, r.HandlingUnit));
    }

    [Fact]
    public void The_first_decision_stands_against_a_contradicting_one()
    {
        var accepted = New();
        accepted.Accept(T0.AddMinutes(5), "CA-1", null, T0.AddMinutes(5), Guid.NewGuid());
        Assert.Equal(ReplyEffect.IgnoredConflict, accepted.Decline(T0.AddMinutes(6), "không", T0.AddMinutes(6), Guid.NewGuid()));
        Assert.Equal(ReferralStatus.Accepted, accepted.Status);

        var declined = New();
        declined.Decline(T0.AddMinutes(5), "không thuộc thẩm quyền", T0.AddMinutes(5), Guid.NewGuid());
        Assert.Equal(ReplyEffect.IgnoredConflict, declined.Accept(T0.AddMinutes(6), "CA-2", null, T0.AddMinutes(6), Guid.NewGuid()));
        Assert.Equal(ReplyEffect.IgnoredConflict, declined.RecordOutcome(T0.AddMinutes(7), "Resolved", null, T0.AddMinutes(7), Guid.NewGuid()));
        Assert.Equal((ReferralStatus.Declined, "không thuộc thẩm quyền"), (declined.Status, declined.DeclineReason));
        declined.Close("u", null, T0.AddDays(1));
        Assert.Equal(ReferralStatus.Closed, declined.Status);
    }

    [Fact]
    public void A_referral_cannot_be_closed_before_the_police_decided_or_recorded_an_outcome()
    {
        var r = New();
        r.Acknowledge(T0.AddMinutes(1), null, T0.AddMinutes(1), Guid.NewGuid());
        Assert.Throws<DomainException>(() => r.Close("u", null, T0.AddMinutes(2)));
    }

    [Fact]
    public void A_missed_acknowledgement_resends_and_escalates_up_the_chain_then_stays_at_the_top()
    {
        var r = New();
        var first = r.MissedAcknowledgement(T0.AddMinutes(15), TimeSpan.FromMinutes(15), maxSendAttempts: 3, out var resend1);
        Assert.Equal((District, true, 2, 1, T0.AddMinutes(30)), (first!.Value, resend1, r.SendAttempts, r.EscalationLevel, r.AcknowledgeBy));
        var second = r.MissedAcknowledgement(T0.AddMinutes(30), TimeSpan.FromMinutes(15), 3, out var resend2);
        Assert.Equal((Department, true, 3, 2), (second!.Value, resend2, r.SendAttempts, r.EscalationLevel));
        var third = r.MissedAcknowledgement(T0.AddMinutes(45), TimeSpan.FromMinutes(15), 3, out var resend3);
        Assert.Equal(((Guid?)null, false, 3, 2), (third, resend3, r.SendAttempts, r.EscalationLevel));
        Assert.Equal([District, Department], r.EscalatedToUnitIds);
        r.Acknowledge(T0.AddMinutes(50), null, T0.AddMinutes(50), Guid.NewGuid());
        Assert.Throws<InvalidOperationException>(() => r.MissedAcknowledgement(T0.AddHours(2), TimeSpan.FromMinutes(15), 3, out _));
    }

    [Theory]
    [InlineData("SchoolViolence", true, true, ReferralSeverity.LifeSafety)]
    [InlineData("Drugs", false, true, ReferralSeverity.Urgent)]
    [InlineData("ChildAbuse", false, false, ReferralSeverity.Urgent)]
    [InlineData("SchoolViolence", false, false, ReferralSeverity.Routine)]
    [InlineData("TrafficAccident", true, true, ReferralSeverity.LifeSafety)]
    public void Rules_refer_life_safety_and_drugs_at_once_and_grade_severity(string category, bool lifeSafety, bool atOnce, ReferralSeverity severity)
    {
        var incident = new IncidentRecord { Category = category, IsLifeSafety = lifeSafety, Place = "p" };
        Assert.Equal((atOnce, severity), (ReferralRules.Default.IsReferredAtOnce(incident), ReferralRules.Default.SeverityOf(incident)));
    }
}

/// <summary>The organisation of a date, rebuilt from today's replica and the recorded moves and dissolutions: no database.</summary>
public sealed class OrganisationOnDateTests
{
    private static OrganisationOnDate On(DateOnly date)
    {
        var (moves, dissolutions) = Support.ReformedUnits.History();
        return new OrganisationOnDate(date, Support.ReformedUnits.All().Select(u => new OrgUnit(u.Id, u.Code, u.Name, u.Kind, u.ParentId, u.AreaCode, u.IsActive, u.SuccessorId, u.EffectiveFrom)),
            moves, dissolutions);
    }

    private static Guid Id(string code) => Support.ReformedUnits.Id(code);

    [Fact]
    public void A_school_is_supervised_by_its_district_office_in_2024_and_by_its_commune_division_today()
    {
        var school = Id(Platform.ServiceDefaults.DemoUnitIds.LeChanLowerSecondarySchool);
        Assert.Equal("PGDDT-LECHAN", On(new DateOnly(2025, 6, 30)).SupervisorOf(school)!.Code);
        Assert.Equal("VHXH-P-LECHAN", On(new DateOnly(2025, 7, 1)).SupervisorOf(school)!.Code);
        // The ward police stood under the district police until 01/03/2025.
        Assert.Equal("CA-LECHAN", On(new DateOnly(2025, 2, 28)).SupervisorOf(Id("CAP-LECHAN-LAMSON"))!.Code);
        Assert.Equal("CATP-HP", On(new DateOnly(2025, 3, 1)).SupervisorOf(Id("CAP-LECHAN-LAMSON"))!.Code);
    }

    [Fact]
    public void Units_exist_from_their_effective_date_until_their_dissolution()
    {
        var before = On(new DateOnly(2025, 6, 30));
        var after = On(new DateOnly(2025, 7, 1));
        Assert.True(before.Exists(before.Unit(Id("UBND-LECHAN-LAMSON"))!));
        Assert.False(after.Exists(after.Unit(Id("UBND-LECHAN-LAMSON"))!));
        Assert.False(before.Exists(before.Unit(Id("VHXH-P-LECHAN"))!));
        Assert.True(after.Exists(after.Unit(Id("VHXH-P-LECHAN"))!));
        Assert.Equal("UBND-P-LECHAN", after.InForce(after.Unit(Id("UBND-LECHAN-LAMSON")))!.Code);
        Assert.DoesNotContain(after.Units, u => u.Code == "CA-LECHAN");
    }

    [Fact]
    public void A_schools_committee_and_police_follow_the_organisation_not_the_shape_of_its_area_code()
    {
        var school = Id(Platform.ServiceDefaults.DemoUnitIds.LeChanLowerSecondarySchool);
        var in2024 = On(new DateOnly(2025, 1, 15));
        var old = in2024.CounterpartsOf(in2024.Unit(school)!);
        Assert.Equal([Id("UBND-LECHAN-HANGKENH")], old.Authorities);
        Assert.Equal(new[] { Id("CAP-LECHAN-HANGKENH"), Id("CA-LECHAN") }.Order(), old.Police.Order());

        // Today: the committee above its division, and the police named after that committee (neither has an area code).
        var today = On(new DateOnly(2026, 12, 7));
        var now = today.CounterpartsOf(today.Unit(school)!);
        Assert.Equal([Id("UBND-P-LECHAN")], now.Authorities);
        Assert.Equal([Id("CA-P-LECHAN")], now.Police);
        // A school kept by the Department: its ward's committee and police, followed to their successors.
        var kept = today.CounterpartsOf(today.Unit(Id(Platform.ServiceDefaults.DemoUnitIds.NgoQuyenUpperSecondarySchool))!);
        Assert.Equal([Id("UBND-P-LECHAN")], kept.Authorities);
        Assert.Equal([Id("CA-P-LECHAN")], kept.Police);
        // A generated commune's school: the police with its committee's area.
        var generated = today.CounterpartsOf(today.Unit(Id("TH-HD-XA01"))!);
        Assert.Equal([Id("UBND-X-XA01")], generated.Authorities);
        Assert.Equal([Id("CA-X-XA01")], generated.Police);
        Assert.Empty(today.CounterpartsOf(today.Unit(Id("TH-HD-XA10"))!).Police); // a commune without police in the directory
    }

    [Fact]
    public void A_programme_ended_by_a_dissolved_party_counted_before_its_end_and_a_draft_takes_the_successor()
    {
        var actor = new Actor("test", Guid.NewGuid(), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var (ward, successor) = (Guid.NewGuid(), Guid.NewGuid());
        Programme New() => new()
        {
            Id = Guid.NewGuid(), Title = "CTPH", CreatedBy = "t", UpdatedBy = "t", ValidFrom = new DateOnly(2024, 9, 1), ValidTo = new DateOnly(2027, 8, 31),
            Parties = [new ProgrammeParty { UnitId = Guid.NewGuid(), Name = "Trường", Kind = "PrimarySchool" }, new ProgrammeParty { UnitId = ward, Name = "UBND phường", Kind = "WardPeoplesCommittee" }],
        };
        var signed = New();
        signed.Sign(new DateOnly(2024, 9, 5), actor);
        Assert.True(signed.PartyDissolved(ward, new DateOnly(2025, 7, 1), null, "giải thể", actor));
        Assert.Equal((ProgrammeStatus.Terminated, "giải thể"), (signed.Status, signed.TerminationReason));
        Assert.True(signed.WasInForceOn(new DateOnly(2025, 6, 30)));
        Assert.False(signed.WasInForceOn(new DateOnly(2025, 7, 1)));
        Assert.False(signed.WasInForceOn(new DateOnly(2024, 8, 31)));
        Assert.False(signed.PartyDissolved(ward, new DateOnly(2025, 7, 1), null, "again", actor)); // ended once

        var draft = New();
        Assert.True(draft.PartyDissolved(ward, new DateOnly(2025, 7, 1), new ProgrammeParty { UnitId = successor, Name = "UBND xã", Kind = "WardPeoplesCommittee" }, "x", actor));
        Assert.Equal((ProgrammeStatus.Draft, false, true), (draft.Status, draft.Parties.Any(p => p.UnitId == ward), draft.Parties.Any(p => p.UnitId == successor)));
        Assert.False(draft.WasInForceOn(new DateOnly(2025, 1, 1)));
    }
}
