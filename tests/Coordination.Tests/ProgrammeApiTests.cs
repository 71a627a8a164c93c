using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Contracts.Coordination;
using Platform.Contracts.Police.V1;
using Platform.Coordination.Tests.Support;
using Platform.ServiceDefaults;

namespace Platform.Coordination.Tests;

public sealed class SmallUploadFactory : CoordinationApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Coordination:SignedCopy:MaxBytes"] = "2048" };
}

internal static class ProgrammeRequests
{
    public static object Body(Guid owner, Guid[] parties, string title = "Chương trình phối hợp bảo đảm an ninh, trật tự trường học", string validFrom = "2024-09-01",
        string? validTo = "2027-08-31", object[]? obligations = null) => new
    {
        title,
        ownerUnitId = owner,
        establishingDocument = new { number = "1002/KHPH-CATP-SGDĐT", date = "2024-04-10" },
        scopeAreas = new[] { "SchoolSecurityAndOrder", "DrugUseNearSchools" },
        validFrom,
        validTo,
        parties = parties.Select(p => new { unitId = p }).ToArray(),
        obligations = obligations ?? [],
    };

    public static async Task<Guid> CreateAsync(this HttpClient client, Guid owner, params Guid[] parties) =>
        (await client.PostJsonAsync("/api/coordination/programmes", Body(owner, parties), HttpStatusCode.Created)).GetProperty("id").GetGuid();

    public static async Task<Guid> CreateSignedAsync(this HttpClient client, Guid owner, params Guid[] parties)
    {
        var id = await client.CreateAsync(owner, parties);
        await client.PostJsonAsync($"/api/coordination/programmes/{id}/sign", new { signedOn = "2024-09-05" }, HttpStatusCode.OK);
        return id;
    }
}

/// <summary>Programmes on real PostgreSQL: drafting, signing, termination, the signed copy, and what each publishes.</summary>
public sealed class ProgrammeApiTests(SmallUploadFactory factory) : IClassFixture<SmallUploadFactory>
{
    [Fact]
    public async Task Signing_publishes_to_reporting_and_police_and_only_a_draft_can_be_edited_or_signed()
    {
        var officer = factory.ClientFor(TestUnits.OfficeA, PlatformRoles.DistrictOfficer);
        var created = await officer.PostJsonAsync("/api/coordination/programmes",
            ProgrammeRequests.Body(TestUnits.OfficeA, [TestUnits.SchoolA1, TestUnits.WardCommitteeA1, TestUnits.WardPoliceA1],
                obligations: [new { title = "Tuyên truyền pháp luật phòng, chống ma túy", recurrence = "Quarterly", responsibleUnitId = TestUnits.SchoolA1, firstDueDate = "2024-12-15" }]),
            HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(("Draft", 3, "1002/KHPH-CATP-SGDĐT"), (created.GetProperty("status").GetString(), created.GetProperty("parties").GetArrayLength(),
            created.GetProperty("establishingDocumentNumber").GetString()));
        Assert.Equal("Công an phường Lạch Tray", created.GetProperty("parties").EnumerateArray().Single(p => p.GetProperty("kind").GetString() == "WardPolice").GetProperty("name").GetString());

        var mark = await factory.OutboxMarkAsync();
        var signed = await officer.PostJsonAsync($"/api/coordination/programmes/{id}/sign", new { signedOn = "2024-09-05" }, HttpStatusCode.OK);
        Assert.Equal(("Signed", "2024-09-05"), (signed.GetProperty("status").GetString(), signed.GetProperty("signedOn").GetString()));
        var events = await factory.OutboxSinceAsync(mark);
        var forReporting = Assert.Single(events.OfEvent<ProgrammeSigned>());
        Assert.Equal((id, TestUnits.OfficeA, new DateOnly(2024, 9, 5)), (forReporting.ProgrammeId, forReporting.OwnerUnitId, forReporting.SignedOn));
        Assert.Equal(new[] { TestUnits.SchoolA1, TestUnits.WardCommitteeA1, TestUnits.WardPoliceA1 }.Order(), forReporting.PartyUnitIds.Order());
        var forPolice = Assert.Single(events.OfEvent<CoordinationProgrammeSigned>());
        Assert.Equal((id, 3), (forPolice.ProgrammeId, forPolice.Parties.Count));

        await (await officer.PutAsJsonAsync($"/api/coordination/programmes/{id}", ProgrammeRequests.Body(TestUnits.OfficeA, [TestUnits.SchoolA1, TestUnits.WardCommitteeA1])))
            .JsonAsync(HttpStatusCode.UnprocessableEntity);
        await (await officer.PostAsJsonAsync($"/api/coordination/programmes/{id}/sign", new { })).JsonAsync(HttpStatusCode.UnprocessableEntity);
        (await (await officer.PostAsJsonAsync($"/api/coordination/programmes/{id}/terminate", new { })).JsonAsync(HttpStatusCode.BadRequest)).AssertNames("reason");

        mark = await factory.OutboxMarkAsync();
        var terminated = await officer.PostJsonAsync($"/api/coordination/programmes/{id}/terminate", new { reason = "Sáp nhập đơn vị hành chính" }, HttpStatusCode.OK);
        Assert.Equal("Terminated", terminated.GetProperty("status").GetString());
        Assert.Equal("Sáp nhập đơn vị hành chính", Assert.Single((await factory.OutboxSinceAsync(mark)).OfEvent<ProgrammeTerminated>()).Reason);
    }

    [Fact]
    public async Task A_draft_is_edited_in_place_and_a_programme_without_police_does_not_go_to_the_police()
    {
        var admin = factory.AdminClient();
        var id = await admin.CreateAsync(TestUnits.OfficeB, TestUnits.SchoolB1, TestUnits.WardPoliceB1);
        var edited = await (await admin.PutAsJsonAsync($"/api/coordination/programmes/{id}",
            ProgrammeRequests.Body(TestUnits.OfficeB, [TestUnits.SchoolB1, TestUnits.WardCommitteeB1], title: "Chương trình phối hợp (sửa)"))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("Chương trình phối hợp (sửa)", 2), (edited.GetProperty("title").GetString(), edited.GetProperty("parties").GetArrayLength()));
        var mark = await factory.OutboxMarkAsync();
        await admin.PostJsonAsync($"/api/coordination/programmes/{id}/sign", new { signedOn = "2024-09-05" }, HttpStatusCode.OK);
        var events = await factory.OutboxSinceAsync(mark);
        Assert.Single(events.OfEvent<ProgrammeSigned>());
        Assert.Empty(events.OfEvent<CoordinationProgrammeSigned>());
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"ownerUnitId":"00000000-0000-0000-0000-000000000001","scopeAreas":["TrafficSafety"],"validFrom":"2024-09-01","parties":[]}""", "title" },
        { """{"title":"T","ownerUnitId":"{OWNER}","scopeAreas":["Football"],"validFrom":"2024-09-01","parties":[]}""", "scopeAreas[0]" },
        { """{"title":"T","ownerUnitId":"{OWNER}","scopeAreas":["TrafficSafety"],"validFrom":"2024-09-01","validTo":"2024-08-01","parties":[]}""", "validTo" },
        { """{"title":"T","ownerUnitId":"{OWNER}","scopeAreas":["TrafficSafety"],"validFrom":"2024-09-01","parties":[{"unitId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301"}]}""", "parties[0].unitId" },
        { """{"title":"T","ownerUnitId":"{OWNER}","scopeAreas":["TrafficSafety"],"validFrom":"2024-09-01","parties":[{"name":"Hội Phụ nữ","kind":"Choir"}]}""", "parties[0].kind" },
        { """{"title":"T","ownerUnitId":"{OWNER}","scopeAreas":["TrafficSafety"],"validFrom":"2024-09-01","parties":[],"status":"Signed"}""", "status" },
        { """{"title":"T","ownerUnitId":"{OWNER}","scopeAreas":["TrafficSafety"],"validFrom":"2024-09-01","parties":[],"obligations":[{"title":"Báo cáo","recurrence":"Daily"}]}""", "obligations[0].recurrence" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task A_bad_programme_is_a_400_naming_the_field(string body, string field)
    {
        var response = await factory.AdminClient().PostAsync("/api/coordination/programmes",
            new StringContent(body.Replace("{OWNER}", TestUnits.OfficeA.ToString()), System.Text.Encoding.UTF8, "application/json"));
        (await response.JsonAsync(HttpStatusCode.BadRequest)).AssertNames(field);
    }

    [Fact]
    public async Task The_signed_copy_is_checked_by_content_and_size_and_downloads_as_uploaded()
    {
        var manager = factory.ClientFor(TestUnits.SchoolA1, PlatformRoles.SchoolManager);
        var id = await manager.CreateAsync(TestUnits.SchoolA1, TestUnits.SchoolA1, TestUnits.WardCommitteeA1);
        var url = $"/api/coordination/programmes/{id}/signed-copy";
        await (await manager.GetAsync(url)).JsonAsync(HttpStatusCode.NotFound);

        var pdf = "%PDF-1.7\n% Chương trình phối hợp đã ký\n"u8.ToArray();
        var ok = await (await manager.PutAsync(url, File(pdf, "ban-ky.pdf"))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("application/pdf", pdf.Length), (ok.GetProperty("contentType").GetString(), ok.GetProperty("size").GetInt32()));
        var download = await manager.GetAsync(url);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());

        (await (await manager.PutAsync(url, File("không phải PDF"u8.ToArray(), "gia-mao.pdf"))).JsonAsync(HttpStatusCode.BadRequest)).AssertNames("file");
        (await (await manager.PutAsync(url, File([.. "%PDF-"u8, .. new byte[4096]], "lon.pdf"))).JsonAsync(HttpStatusCode.BadRequest)).AssertNames("file");
        // A failed upload leaves the earlier copy in place.
        Assert.Equal(pdf, await (await manager.GetAsync(url)).Content.ReadAsByteArrayAsync());
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 };
        var renamed = await (await manager.PutAsync(url, File(png, "scan.pdf"))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("image/png", renamed.GetProperty("contentType").GetString());
        Assert.EndsWith(".png", renamed.GetProperty("fileName").GetString());
    }

    private static MultipartFormDataContent File(byte[] data, string name)
    {
        var part = new ByteArrayContent(data);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { part, "file", name } };
    }
}

/// <summary>Seed task 3 coverage on real PostgreSQL, computed from the replica and the programmes in force.</summary>
public sealed class CoverageApiTests(CoordinationApiFactory factory) : IClassFixture<CoordinationApiFactory>
{
    private static int Count(JsonElement counts, string name) => counts.GetProperty(name).GetInt32();

    [Fact]
    public async Task Coverage_per_district_and_city_follows_signing_validity_and_termination()
    {
        var admin = factory.AdminClient();
        var full = await admin.CreateSignedAsync(TestUnits.OfficeA, TestUnits.SchoolA1, TestUnits.SchoolA2, TestUnits.WardCommitteeA1, TestUnits.WardPoliceA1);
        await admin.CreateSignedAsync(TestUnits.Department, TestUnits.HighSchoolA, TestUnits.WardCommitteeA1);
        var draft = await admin.CreateAsync(TestUnits.OfficeB, TestUnits.SchoolB1, TestUnits.WardCommitteeB1, TestUnits.WardPoliceB1);

        var coverage = await admin.GetJsonAsync("/api/coordination/coverage?asOf=2025-01-15");
        var city = coverage.GetProperty("city");
        Assert.Equal((5, 2, 3, 3, 2), (Count(city, "schools"), Count(city, "covered"), Count(city, "uncovered"), Count(city, "withLocalAuthority"), Count(city, "withPolice")));
        Assert.Equal(40.0m, city.GetProperty("percent").GetDecimal());
        // Grouped by the unit that supervised the schools on the date: the district offices, and the Department for the school it keeps.
        var districts = coverage.GetProperty("districts").EnumerateArray().ToDictionary(d => d.GetProperty("code").GetString()!);
        Assert.Equal(["PGD-A", "PGD-B", "SGD"], districts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((3, 2, 66.7m), (Count(districts["PGD-A"].GetProperty("counts"), "schools"), Count(districts["PGD-A"].GetProperty("counts"), "covered"),
            districts["PGD-A"].GetProperty("counts").GetProperty("percent").GetDecimal()));
        Assert.Equal(("Phòng GDĐT quận An Biên", TestUnits.OfficeA), (districts["PGD-A"].GetProperty("name").GetString(), districts["PGD-A"].GetProperty("unitId").GetGuid()));
        Assert.Equal((1, 0), (Count(districts["PGD-B"].GetProperty("counts"), "schools"), Count(districts["PGD-B"].GetProperty("counts"), "covered")));
        Assert.Equal((1, 0), (Count(districts["SGD"].GetProperty("counts"), "schools"), Count(districts["SGD"].GetProperty("counts"), "covered")));
        Assert.Equal("Địa bàn", coverage.GetProperty("groupLabel").GetString());

        var uncovered = await admin.GetJsonAsync("/api/coordination/coverage/schools?asOf=2025-01-15&covered=false");
        var gaps = uncovered.GetProperty("items").EnumerateArray().ToDictionary(s => s.GetProperty("code").GetString()!, s => s.GetProperty("gap").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["MN-A3"] = "NoProgramme", ["THPT-A"] = "NoPolice", ["THCS-B1"] = "NoProgramme" }, gaps);

        // Before the programmes' validity nothing is covered; signing the draft covers district B.
        Assert.Equal(0, Count((await admin.GetJsonAsync("/api/coordination/coverage?asOf=2024-08-31")).GetProperty("city"), "covered"));
        await admin.PostJsonAsync($"/api/coordination/programmes/{draft}/sign", new { signedOn = "2024-09-05" }, HttpStatusCode.OK);
        Assert.Equal(3, Count((await admin.GetJsonAsync("/api/coordination/coverage?asOf=2025-01-15")).GetProperty("city"), "covered"));
        // After the validity ends, and after a termination, schools fall out.
        Assert.Equal(0, Count((await admin.GetJsonAsync("/api/coordination/coverage?asOf=2027-09-01")).GetProperty("city"), "covered"));
        await admin.PostJsonAsync($"/api/coordination/programmes/{full}/terminate", new { reason = "Ký lại chương trình mới" }, HttpStatusCode.OK);
        Assert.Equal(1, Count((await admin.GetJsonAsync("/api/coordination/coverage")).GetProperty("city"), "covered"));

        // A district officer counts only the schools under their office; police are not shown coverage.
        var district = await factory.ClientFor(TestUnits.OfficeA, PlatformRoles.DistrictOfficer).GetJsonAsync("/api/coordination/coverage?asOf=2025-01-15");
        Assert.Equal(3, Count(district.GetProperty("city"), "schools"));
        await (await factory.ClientFor(TestUnits.CityPolice, PlatformRoles.PoliceLiaison).GetAsync("/api/coordination/coverage")).JsonAsync(HttpStatusCode.Forbidden);
        var byDistrict = await admin.GetJsonAsync("/api/coordination/coverage/schools?district=HP-B&pageSize=1");
        Assert.Equal((1, 1), (byDistrict.GetProperty("total").GetInt32(), byDistrict.GetProperty("items").GetArrayLength()));
    }
}
