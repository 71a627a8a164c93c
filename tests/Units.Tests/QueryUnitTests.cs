using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Units.Tests;

public sealed class QueryUnitTests(UnitsApiFactory factory) : IClassFixture<UnitsApiFactory>, IAsyncLifetime
{
    private readonly HttpClient _client = factory.AdminClient();

    public async Task InitializeAsync()
    {
        foreach (var (code, name) in new[]
                 {
                     ("Q-PGD-NQ", "Phòng GDĐT quận Ngô Quyền"),
                     ("Q-PGD-DS", "Phòng GDĐT quận Đồ Sơn"),
                     ("Q-PGD-LC", "Phòng GDĐT quận Lê Chân"),
                 })
        {
            var response = await _client.PostAsJsonAsync("/api/units", new { code, name, kind = "DistrictEducationOffice" });
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string[]> SearchCodes(string q)
    {
        var page = await _client.GetFromJsonAsync<JsonElement>($"/api/units?q={Uri.EscapeDataString(q)}&kind=DistrictEducationOffice");
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!).Order().ToArray();
    }

    [Theory]
    [InlineData("ngo quyen", "Q-PGD-NQ")]
    [InlineData("Ngô Quyền", "Q-PGD-NQ")]
    [InlineData("NGO QUYEN", "Q-PGD-NQ")]
    [InlineData("do son", "Q-PGD-DS")]
    [InlineData("đồ sơn", "Q-PGD-DS")]
    [InlineData("le chan", "Q-PGD-LC")]
    [InlineData("q-pgd-lc", "Q-PGD-LC")]
    public async Task Search_finds_units_with_and_without_diacritics(string q, string expectedCode) =>
        Assert.Equal([expectedCode], await SearchCodes(q));

    [Fact]
    public async Task Search_matching_several_units_pages_and_sorts_them()
    {
        var page = await _client.GetFromJsonAsync<JsonElement>("/api/units?q=phong gddt&pageSize=2&sort=-code");
        Assert.Equal(3, page.GetProperty("total").GetInt64());
        Assert.Equal(["Q-PGD-NQ", "Q-PGD-LC"], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!).ToArray());
    }

    [Fact]
    public async Task Unknown_unit_is_a_404_problem()
    {
        var response = await _client.GetAsync($"/api/units/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=1000", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("kind=Castle", "kind")]
    [InlineData("sort=colour", "sort")]
    public async Task Bad_list_parameters_are_problems_naming_the_parameter(string query, string field)
    {
        var response = await _client.GetAsync($"/api/units?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Non_numeric_page_is_a_problem_not_a_500()
    {
        var response = await _client.GetAsync("/api/units?page=abc");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
