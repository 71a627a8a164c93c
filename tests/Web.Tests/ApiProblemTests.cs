using System.Net;
using Platform.Web.Api;
using Platform.Web.Localization;

namespace Platform.Web.Tests;

public sealed class ApiProblemTests
{
    private readonly Loc _loc = new();

    [Fact]
    public void Validation_problem_keeps_title_detail_and_field_messages()
    {
        const string body = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Dữ liệu không hợp lệ.","status":400,"detail":"Có 2 lỗi.","errors":{"values.drug_cases":["'Số vụ ma tuý' là bắt buộc."],"rules.r1":["Tổng không khớp."]}}""";

        var problem = ApiProblem.From(HttpStatusCode.BadRequest, body, _loc);

        Assert.Equal(400, problem.Status);
        Assert.Equal("Dữ liệu không hợp lệ.", problem.Title);
        Assert.Equal("Có 2 lỗi.", problem.Detail);
        Assert.Equal(["'Số vụ ma tuý' là bắt buộc."], problem.For("Values.Drug_Cases"));
        Assert.Equal(["Tổng không khớp."], problem.OtherThan(["values.drug_cases"]));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, "<html><body>Bad gateway</body></html>", "Hệ thống gặp sự cố, vui lòng thử lại sau.")]
    [InlineData(HttpStatusCode.InternalServerError, "System.InvalidOperationException: boom\n   at Platform.X.Y()", "Hệ thống gặp sự cố, vui lòng thử lại sau.")]
    [InlineData(HttpStatusCode.Forbidden, "", "Bạn không có quyền thực hiện thao tác này.")]
    [InlineData(HttpStatusCode.NotFound, null, "Không tìm thấy.")]
    public void A_body_that_is_not_problem_details_becomes_a_plain_message_for_its_status(HttpStatusCode status, string? body, string title)
    {
        var problem = ApiProblem.From(status, body, _loc);

        Assert.Equal(title, problem.Title);
        Assert.Null(problem.Detail);
        Assert.Empty(problem.Errors);
    }
}
