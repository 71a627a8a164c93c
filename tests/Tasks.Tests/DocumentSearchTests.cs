using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Tasks.Domain;

namespace Platform.Tasks.Tests;

/// <summary>A database of its own: the register's totals here count only the documents this class records.</summary>
public sealed class DocumentSearchApiFactory : TasksApiFactory;

public sealed class DocumentSearchTests(DocumentSearchApiFactory factory) : IClassFixture<DocumentSearchApiFactory>, IAsyncLifetime
{
    private static readonly Guid Directive02 = Guid.NewGuid();
    private static readonly Guid Directive20 = Guid.NewGuid();
    private static readonly Guid Directive12 = Guid.NewGuid();
    private static readonly Guid Plan256 = Guid.NewGuid();
    private static readonly Guid Plan1002 = Guid.NewGuid();
    private static readonly Guid Plan688 = Guid.NewGuid();
    private static readonly Guid[] Official = [Directive02, Directive20, Directive12, Plan256, Plan1002, Plan688];
    private const int ProgrammeDocuments = 5;
    private static readonly SemaphoreSlim Seeding = new(1, 1);

    public async Task InitializeAsync()
    {
        await factory.SeedOrgAsync();
        await Seeding.WaitAsync();
        try
        {
            await using var db = factory.NewDbContext();
            if (await db.Documents.AnyAsync(d => d.Id == Directive02))
            {
                return;
            }
            var actor = new Actor("user:search-test", TestOrg.Office, TasksApiFactory.Start);
            Document Draft(Guid id, DocumentKind kind, int number, string symbol, DateOnly date, string issuer, string subject) =>
                Document.Draft(id, kind, number, symbol, date, null, issuer, null, null, SigningAuthority.None, subject, null, null, [], [], [], [], actor);
            db.Documents.AddRange(
                Draft(Directive02, DocumentKind.Directive, 2, "CT-TTg", new DateOnly(2024, 1, 26), "Thủ tướng Chính phủ",
                    "Về việc tăng cường công tác phối hợp giữa nhà trường, gia đình và xã hội trong phòng, chống bạo lực học đường"),
                Draft(Directive20, DocumentKind.Directive, 20, "CT-TTg", new DateOnly(2023, 6, 1), "Thủ tướng Chính phủ",
                    "Về việc chấn chỉnh công tác an toàn lao động"),
                Draft(Directive12, DocumentKind.Directive, 12, "CT-UBND", new DateOnly(2024, 5, 2), "Ủy ban nhân dân thành phố Hải Phòng",
                    "Về công tác phòng cháy, chữa cháy mùa hè"),
                Draft(Plan256, DocumentKind.Plan, 256, "KH-SGDĐT", new DateOnly(2024, 3, 6), "Sở Giáo dục và Đào tạo Hải Phòng",
                    "Triển khai thực hiện Chỉ thị số 02/CT-TTg ngày 26/01/2024 của Thủ tướng Chính phủ"),
                Draft(Plan1002, DocumentKind.CoordinationPlan, 1002, "KHPH-CATP-SGDĐT", new DateOnly(2024, 4, 10),
                    "Công an thành phố Hải Phòng – Sở Giáo dục và Đào tạo Hải Phòng",
                    "Về tăng cường công tác tuyên truyền, phổ biến, giáo dục pháp luật phòng, chống ma túy giai đoạn 2024-2030"),
                Draft(Plan688, DocumentKind.CoordinationPlan, 688, "KHPH-CAHP-SGDĐT", new DateOnly(2024, 3, 18),
                    "Công an thành phố Hải Phòng – Sở Giáo dục và Đào tạo Hải Phòng",
                    "Về tăng cường công tác bảo đảm trật tự, an toàn giao thông cho lứa tuổi học sinh"));
            for (var i = 0; i < ProgrammeDocuments; i++)
            {
                db.Documents.Add(Document.Recorded(Guid.NewGuid(), DocumentKind.CoordinationPlan, "CTPH", new DateOnly(2024, 4, 1 + i), null,
                    "Chương trình phối hợp", $"Nhiệm vụ định kỳ của chương trình phối hợp: chương trình số {i + 1}", [],
                    $"{Document.ProgrammeSourcePrefix}{Guid.NewGuid()}", actor));
            }
            db.Documents.Add(Document.Recorded(Guid.NewGuid(), DocumentKind.Decision, "TB-KLGB", new DateOnly(2024, 4, 19), null,
                "Đơn vị chủ trì giao ban", "Kết luận giao ban: Giao ban an ninh trường học quý II/2024 ngày 19/04/2024", [],
                $"{Document.MeetingSourcePrefix}{Guid.NewGuid()}", actor));
            await db.SaveChangesAsync();
        }
        finally
        {
            Seeding.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JsonElement> ListAsync(string query)
    {
        var response = await factory.Officer().GetAsync($"/api/tasks/documents?{query}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ToList();

    public static TheoryData<string, Guid, Guid[]> Examples => new()
    {
        { "chi thi 02", Directive02, [Directive20, Directive12, Plan688, Plan1002] },
        { "02/CT-TTg", Directive02, [Directive20, Directive12, Plan688, Plan1002] },
        { "2/ct-ttg", Directive02, [Directive20, Directive12, Plan688, Plan1002] },
        { "ct-ttg 2024", Directive02, [Directive20, Directive12, Plan688, Plan1002] },
        { "ke hoach 1002", Plan1002, [Plan688, Plan256, Directive02] },
        { "kế hoạch phối hợp 688", Plan688, [Plan1002, Plan256] },
        { "chỉ thị 12", Directive12, [Directive02, Directive20] },
        { "Thủ tướng 20", Directive20, [Directive02, Directive12] },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Each_example_finds_its_document_and_not_unrelated_ones(string search, Guid expected, Guid[] unrelated)
    {
        foreach (var parameter in new[] { "search", "q" })
        {
            var found = Ids(await ListAsync($"{parameter}={Uri.EscapeDataString(search)}&pageSize=100"));
            Assert.Contains(expected, found);
            foreach (var other in unrelated)
            {
                Assert.DoesNotContain(other, found);
            }
        }
    }

    [Theory]
    [InlineData("chi thi 02")]
    [InlineData("02 chi thi")]
    [InlineData("thi 2 chi")]
    [InlineData("CT-TTg 02 2024")]
    [InlineData("2024 ttg ct 2")]
    [InlineData("chỉ thị 002")]
    [InlineData("CHỈ THỊ SỐ 02")]
    [InlineData("thu tuong bao luc")]
    [InlineData("bạo lực thủ tướng")]
    [InlineData("chi th 02")]
    public async Task Word_order_leading_zeros_diacritics_and_word_prefixes_do_not_matter(string search)
    {
        var found = Ids(await ListAsync($"search={Uri.EscapeDataString(search)}&pageSize=100"));
        Assert.Contains(Directive02, found);
        Assert.DoesNotContain(Directive20, found);
        Assert.DoesNotContain(Directive12, found);
    }

    [Fact]
    public async Task A_number_is_a_whole_word_and_every_word_must_match()
    {
        // "2" is not the start of 2024 or 20 or 256; "chi thi 02 xyz" has a word no document holds.
        var found = Ids(await ListAsync("search=ct-ttg%202&pageSize=100"));
        Assert.Contains(Directive02, found);
        Assert.Contains(Plan256, found);
        Assert.DoesNotContain(Directive20, found);
        Assert.Equal(0, (await ListAsync("search=chi%20thi%2002%20xyz")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task The_register_lists_official_documents_unless_asked_for_the_coordination_ones_too()
    {
        var official = await ListAsync("pageSize=100");
        Assert.Equal(Official.Length, official.GetProperty("total").GetInt64());
        Assert.Equal(Official.Order(), Ids(official).Order());

        var all = await ListAsync("pageSize=100&includeCoordination=true");
        Assert.Equal(Official.Length + ProgrammeDocuments + 1, all.GetProperty("total").GetInt64());
        Assert.Superset(Official.ToHashSet(), Ids(all).ToHashSet());

        var notAsked = await ListAsync("pageSize=100&includeCoordination=false");
        Assert.Equal(Official.Length, notAsked.GetProperty("total").GetInt64());

        // Searching the issuer "Chương trình phối hợp" finds nothing official, all the programme documents when asked.
        Assert.Equal(0, (await ListAsync("search=chuong%20trinh%20phoi%20hop")).GetProperty("total").GetInt64());
        Assert.Equal(ProgrammeDocuments, (await ListAsync("search=chuong%20trinh%20phoi%20hop&includeCoordination=true")).GetProperty("total").GetInt64());
        Assert.Equal(1, (await ListAsync("search=ket%20luan%20giao%20ban&includeCoordination=true")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Paging_counts_in_the_database_with_the_filters_applied()
    {
        var seen = new List<Guid>();
        for (var page = 1; page <= 3; page++)
        {
            var result = await ListAsync($"page={page}&pageSize=4&includeCoordination=true");
            Assert.Equal(Official.Length + ProgrammeDocuments + 1, result.GetProperty("total").GetInt64());
            seen.AddRange(Ids(result));
        }
        Assert.Equal(Official.Length + ProgrammeDocuments + 1, seen.Distinct().Count());

        var first = await ListAsync("page=1&pageSize=4");
        var second = await ListAsync("page=2&pageSize=4");
        Assert.Equal(Official.Length, first.GetProperty("total").GetInt64());
        Assert.Equal(4, Ids(first).Count);
        Assert.Equal(Official.Length - 4, Ids(second).Count);
        Assert.Equal(Official.Order(), Ids(first).Concat(Ids(second)).Order());

        var searched = await ListAsync("search=ke%20hoach&page=2&pageSize=2");
        Assert.Equal(3, searched.GetProperty("total").GetInt64());
        Assert.Single(Ids(searched));
    }

    [Fact]
    public async Task The_stored_search_text_holds_the_words_of_kind_number_symbol_year_subject_and_issuer()
    {
        await using var db = factory.NewDbContext();
        var directive = await db.Documents.AsNoTracking().IgnoreAutoIncludes().SingleAsync(d => d.Id == Directive02);
        Assert.StartsWith(" chi thi so 2 ct ttg 2024 ve viec ", directive.SearchText);
        Assert.EndsWith(" thu tuong chinh phu 02 ", directive.SearchText);
        Assert.Equal(" chi thi so 2 02 ", DocumentSearch.Build(DocumentKind.Directive, 2, "", null, "", ""));
        Assert.Equal(" bao cao ", DocumentSearch.Build(DocumentKind.Report, null, "", null, "", ""));
        Assert.Equal(["so", "2", "ct", "ttg", "0", "10"], DocumentSearch.Words("Số 02/CT-TTg 000 010"));
    }

    [Fact]
    public async Task The_migration_rebuilds_stored_rows_as_the_application_builds_them()
    {
        await using var db = factory.NewDbContext();
        var expected = await db.Documents.AsNoTracking().IgnoreAutoIncludes().ToDictionaryAsync(d => d.Id, d => d.SearchText);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("UPDATE documents SET search_text = ''");
        await db.Database.ExecuteSqlRawAsync(DocumentSearch.RebuildSql());
        var rebuilt = await db.Documents.AsNoTracking().IgnoreAutoIncludes().ToDictionaryAsync(d => d.Id, d => d.SearchText);
        await transaction.RollbackAsync();
        Assert.NotEmpty(expected);
        foreach (var (id, text) in expected)
        {
            Assert.Equal(text, rebuilt[id]);
        }
    }
}
