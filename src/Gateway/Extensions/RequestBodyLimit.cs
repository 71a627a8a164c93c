using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Platform.Gateway.Extensions;

/// <summary>
/// Caps request bodies at <c>Gateway:MaxRequestBodyBytes</c>. A declared <c>Content-Length</c> over the
/// limit is refused before anything is forwarded. A body of unknown length (chunked) is streamed to the
/// service as usual and cut off at the limit; the client then gets the same 413 and the service sees
/// an aborted request it cannot act on.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptionsMonitor<GatewayOptions> options, ILogger<RequestBodyLimitMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.CurrentValue.MaxRequestBodyBytes;
        var declared = context.Request.ContentLength;
        if (declared > limit)
        {
            logger.LogInformation("Refused {Method} {Path}: declared body of {ContentLength} bytes exceeds the limit of {Limit} bytes",
                context.Request.Method, context.Request.Path, declared, limit);
            await RequestBodyLimit.WriteTooLargeAsync(context);
            return;
        }

        // Kestrel's own limit (30 MB by default) follows the configured one, so neither is silently stricter.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            serverLimit.MaxRequestBodySize = limit;
        }
        if (declared is null)
        {
            context.Request.Body = new LimitedRequestStream(context.Request.Body, limit, context, logger);
        }
        await next(context);
    }
}

public static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestBodyLimitMiddleware>();

    internal static bool WasExceeded(HttpContext context) => context.Features.Get<ExceededFeature>() is not null;

    internal static void MarkExceeded(HttpContext context) => context.Features.Set(new ExceededFeature());

    internal static Task WriteTooLargeAsync(HttpContext context)
    {
        var limit = context.RequestServices.GetRequiredService<IOptionsMonitor<GatewayOptions>>().CurrentValue.MaxRequestBodyBytes;
        if (HttpProtocol.IsHttp11(context.Request.Protocol))
        {
            // Do not wait for (or drain) the rest of an upload that will never be used.
            context.Response.Headers.Connection = "close";
        }
        return GatewayProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
            Text.Pick("Nội dung yêu cầu quá lớn.", "The request body is too large."),
            Text.Pick($"Nội dung yêu cầu vượt quá giới hạn {limit} byte.", $"The request body exceeds the limit of {limit} bytes."));
    }

    private sealed class ExceededFeature;
}

/// <summary>Counts what is read from the client and fails the read that crosses the limit.</summary>
internal sealed class LimitedRequestStream(Stream inner, long limit, HttpContext context, ILogger logger) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Count(inner.Read(buffer));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The server's own limit (set to the same value) tripped first.
            RequestBodyLimit.MarkExceeded(context);
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return Count(await inner.ReadAsync(buffer, cancellationToken));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            RequestBodyLimit.MarkExceeded(context);
            throw;
        }
    }

    private int Count(int read)
    {
        _read += read;
        if (_read > limit)
        {
            RequestBodyLimit.MarkExceeded(context);
            logger.LogInformation("Cut off {Method} {Path}: body passed the limit of {Limit} bytes",
                context.Request.Method, context.Request.Path, limit);
            throw new BadHttpRequestException($"The request body exceeds the limit of {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
        }
        return read;
    }

    public override void Flush() => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
