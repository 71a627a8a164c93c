using System.Net;
using System.Net.Sockets;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;

namespace Platform.Web.Auth;

/// <summary>
/// While identity is still starting (or away), the sign-in challenge cannot read its discovery document and the
/// callback cannot redeem the code. The browser then gets a readable page (Vietnamese, English when chosen) that
/// retries by itself, not the exception handler's ProblemDetails.
/// </summary>
public static class SignInUnavailable
{
    public const int RetryAfterSeconds = 5;

    public static IApplicationBuilder UseSignInAvailability(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when (IsIdentityUnreachable(e) && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInUnavailable))
                    .LogWarning(e, "Sign-in for {Path} failed: identity could not be reached", context.Request.Path);
                await WriteAsync(context, context.Request.PathBase + context.Request.Path + context.Request.QueryString, starting: true);
            }
        });

    /// <summary>The callback failed (identity away, or a stale/replayed sign-in): a page that starts over from the home page.</summary>
    public static async Task HandleRemoteFailureAsync(RemoteFailureContext context)
    {
        context.HandleResponse();
        var starting = context.Failure is not null && IsIdentityUnreachable(context.Failure);
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInUnavailable))
            .LogWarning(context.Failure, "The sign-in callback failed; the user is asked to try again");
        await WriteAsync(context.HttpContext, (context.Request.PathBase.HasValue ? context.Request.PathBase.Value : "") + "/", starting);
    }

    /// <summary>Identity's discovery, token endpoint or connection failed (the exception chain names it).</summary>
    public static bool IsIdentityUnreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or SocketException or TaskCanceledException or IOException) return true;
            if (e is InvalidOperationException && e.Message.Contains("IDX20803", StringComparison.Ordinal)) return true; // unable to obtain configuration
        }
        return false;
    }

    internal static async Task WriteAsync(HttpContext context, string retry, bool starting)
    {
        var english = Localization.Loc.IsEnglish;
        var title = english ? "Sign-in is not available yet" : "Hệ thống đăng nhập chưa sẵn sàng";
        var message = starting
            ? english ? "The sign-in service is starting; try again in a few seconds." : "Hệ thống đăng nhập đang khởi động, thử lại sau ít giây."
            : english ? "Signing in did not complete; please try again." : "Đăng nhập chưa hoàn tất, vui lòng thử lại.";
        var button = english ? "Try again" : "Thử lại";
        var link = HtmlEncoder.Default.Encode(retry);
        context.Response.Clear();
        context.Response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "text/html; charset=utf-8";
        var refresh = starting ? $"<meta http-equiv=\"refresh\" content=\"{RetryAfterSeconds};url={link}\" />" : "";
        await context.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="{{(english ? "en" : "vi")}}">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" />{{refresh}}
            <title>{{title}}</title>
            <style>body{font-family:Roboto,Arial,sans-serif;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center;background:#f5f7fb}
            main{max-width:32rem;margin:1rem;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px #0002}
            a.button{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;background:#0d47a1;color:#fff;border-radius:4px;text-decoration:none}</style></head>
            <body><main role="alert" data-testid="signin-unavailable">
            <h1>{{title}}</h1>
            <p>{{message}}</p>
            <a class="button" href="{{link}}" data-testid="retry">{{button}}</a>
            </main></body></html>
            """);
    }
}
