using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.SafeLine.Extensions;
using Platform.SafeLine.Infrastructure;
using Platform.SafeLine.Options;
using QRCoder;

namespace Platform.SafeLine.Apis;

/// <summary>
/// Each school's poster: its name, the safe line's address with a QR code that opens the report page with the school
/// chosen, and the hotlines. <c>qr.png</c> is the code alone; <c>poster.svg</c> is an A4 page (print it, or "save as PDF").
/// </summary>
public static class PostersApi
{
    public static IEndpointRouteBuilder MapPostersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/safeline/schools/{id:guid}").WithTags("Safe line (public)").AllowAnonymous()
            .RequireRateLimiting(ReporterAnonymity.FollowPolicy);
        group.MapGet("/qr.png", QrCode);
        group.MapGet("/poster.svg", Poster);
        return app;
    }

    public static string ReportUrl(SafeLineOptions options, Guid schoolId) => $"{options.PublicBaseUrl.TrimEnd('/')}/an-toan?truong={schoolId}";

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> QrCode(Guid id, SafeLineDbContext db, IOptionsMonitor<SafeLineOptions> options,
        CancellationToken ct)
    {
        if (!await IsSchoolAsync(db, id, ct)) return NotFound();
        using var data = QRCodeGenerator.GenerateQrCode(ReportUrl(options.CurrentValue, id), QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(12);
        return TypedResults.File(png, "image/png", $"ma-qr-duong-day-an-toan.png");
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Poster(Guid id, SafeLineDbContext db, IOptionsMonitor<SafeLineOptions> options,
        CancellationToken ct)
    {
        if (!await IsSchoolAsync(db, id, ct)) return NotFound();
        var settings = options.CurrentValue;
        var school = (await ApiSupport.SchoolsAsync(db, [id], ct))[id];
        var url = ReportUrl(settings, id);
        using var data = QRCodeGenerator.GenerateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var svg = Compose(school.Name, school.Area, $"{settings.PublicBaseUrl.TrimEnd('/')}/an-toan", settings.Hotlines, data);
        return TypedResults.File(Encoding.UTF8.GetBytes(svg), "image/svg+xml", "ap-phich-duong-day-an-toan.svg");
    }

    /// <summary>An A4 page (210 × 297 mm) in SVG, the QR code drawn as squares so that it prints sharp at any size.</summary>
    internal static string Compose(string schoolName, string? area, string address, string hotlines, QRCodeData data)
    {
        var modules = data.ModuleMatrix;
        var size = modules.Count;
        const double qrSide = 120, qrLeft = 45, qrTop = 110;
        var cell = qrSide / size;
        string E(string s) => WebUtility.HtmlEncode(s);
        string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append("""<?xml version="1.0" encoding="UTF-8"?>""").Append('\n');
        sb.Append("""<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297" font-family="Arial, 'Noto Sans', sans-serif">""");
        sb.Append("""<rect width="210" height="297" fill="#ffffff"/><rect width="210" height="40" fill="#0d47a1"/>""");
        sb.Append("""<text x="105" y="18" fill="#ffffff" font-size="10" font-weight="bold" text-anchor="middle">ĐƯỜNG DÂY AN TOÀN</text>""");
        sb.Append("""<text x="105" y="31" fill="#ffffff" font-size="6" text-anchor="middle">Báo tin ẩn danh — không cần tài khoản, không ai biết em là ai</text>""");
        sb.Append($"""<text x="105" y="62" font-size="8" font-weight="bold" text-anchor="middle">{E(schoolName)}</text>""");
        if (area is not null) sb.Append($"""<text x="105" y="72" font-size="5" fill="#424242" text-anchor="middle">{E(area)}</text>""");
        sb.Append("""<text x="105" y="92" font-size="6" text-anchor="middle">Bị bắt nạt? Thấy bạo lực, ma túy, xâm hại, hay ai đó muốn tự làm hại mình?</text>""");
        sb.Append("""<text x="105" y="101" font-size="6" text-anchor="middle">Quét mã để báo cho nhà trường. Em có thể theo dõi trả lời bằng mã tin báo.</text>""");
        sb.Append($"""<g fill="#000000">""");
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (modules[y][x]) sb.Append($"""<rect x="{N(qrLeft + x * cell)}" y="{N(qrTop + y * cell)}" width="{N(cell + 0.01)}" height="{N(cell + 0.01)}"/>""");
            }
        }
        sb.Append("</g>");
        sb.Append($"""<text x="105" y="248" font-size="6" text-anchor="middle">hoặc mở {E(address)}</text>""");
        sb.Append("""<text x="105" y="266" font-size="6" font-weight="bold" fill="#b71c1c" text-anchor="middle">Đang gặp nguy hiểm? Gọi ngay</text>""");
        sb.Append($"""<text x="105" y="276" font-size="6" fill="#b71c1c" text-anchor="middle">{E(hotlines)}</text>""");
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static Task<bool> IsSchoolAsync(SafeLineDbContext db, Guid id, CancellationToken ct) =>
        db.Units.AsNoTracking().AnyAsync(u => u.Id == id && u.IsActive && ApiSupport.SchoolKinds.Contains(u.Kind), ct);

    private static ProblemHttpResult NotFound() => Problems.NotFound("Không tìm thấy trường này.", "This school was not found.");
}
