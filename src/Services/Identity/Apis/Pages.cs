using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.Identity.Apis;

/// <summary>The frame of the few server-rendered pages (sign-in, sign-in errors): no script, no external resources.</summary>
internal static class Pages
{
    /// <summary>Encodes markup but keeps Vietnamese letters readable in the page source.</summary>
    public static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static ContentHttpResult Render(HttpContext http, string title, string bodyHtml, int status)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
        headers["Referrer-Policy"] = "no-referrer";

        var e = Html;
        var system = Text.Pick("Hệ thống điều hành ngành Giáo dục và Đào tạo Hải Phòng", "Hai Phong Education and Training operations platform");
        var html = $$"""
            <!DOCTYPE html>
            <html lang="{{(Text.IsEnglish ? "en" : "vi")}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{e.Encode(title)}} – {{e.Encode(system)}}</title>
            <style>
            body { font-family: system-ui, "Segoe UI", Roboto, Arial, sans-serif; background: #f3f5f8; margin: 0; color: #1b1f24; }
            main { max-width: 24rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: .5rem; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
            h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
            .system { color: #4a5360; margin: 0 0 1.5rem; }
            label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
            input { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; border: 1px solid #8a94a3; border-radius: .25rem; }
            input:focus { outline: 3px solid #2f6fde; outline-offset: 1px; }
            button { margin-top: 1.5rem; width: 100%; padding: .7rem; font-size: 1rem; font-weight: 600; background: #1d4fa8; color: #fff; border: 0; border-radius: .25rem; cursor: pointer; }
            .error { background: #fdecea; color: #8a1c12; border: 1px solid #f5c2bd; padding: .75rem; border-radius: .25rem; }
            </style>
            </head>
            <body>
            <main>
            <h1>{{e.Encode(title)}}</h1>
            <p class="system">{{e.Encode(system)}}</p>
            {{bodyHtml}}
            </main>
            </body>
            </html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>An OpenID Connect request that cannot go back to the client (unknown client, unregistered redirect URI).</summary>
    public static ContentHttpResult Error(HttpContext http, string? error, string? description)
    {
        var e = Html;
        var body = $$"""
            <p class="error" role="alert">{{e.Encode(Text.Pick(
                "Ứng dụng đã gửi một yêu cầu đăng nhập không hợp lệ nên không thể tiếp tục.",
                "The application sent a sign-in request that is not valid, so it cannot continue."))}}</p>
            <p><code>{{e.Encode(error ?? "invalid_request")}}</code>: {{e.Encode(description ?? "")}}</p>
            """;
        return Render(http, Text.Pick("Không thể đăng nhập", "Cannot sign in"), body, StatusCodes.Status400BadRequest);
    }
}
