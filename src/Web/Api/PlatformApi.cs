using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Web.Auth;
using Platform.Web.Localization;

namespace Platform.Web.Api;

/// <summary>The platform's APIs as the signed-in user: through the gateway, with their access token.</summary>
public interface IPlatformApi
{
    Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken ct = default);

    Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body = null, CancellationToken ct = default);

    /// <summary>A file (export, invitation): its bytes, content type and name.</summary>
    Task<ApiResult<DownloadedFile>> DownloadAsync(string path, CancellationToken ct = default);

    /// <summary>Posts one file as multipart/form-data (part <c>file</c>), reporting the bytes sent so far.</summary>
    Task<ApiResult<T>> UploadAsync<T>(string path, FileToUpload file, IProgress<long>? progress = null, CancellationToken ct = default);

    /// <summary>
    /// Opens a server-sent events stream (<c>text/event-stream</c>); its events end when the server closes it or
    /// <paramref name="ct"/> is cancelled. <paramref name="lastEventId"/> resumes after the last event seen.
    /// </summary>
    Task<ApiResult<IAsyncEnumerable<ApiEvent>>> OpenStreamAsync(string path, string? lastEventId, CancellationToken ct);
}

/// <summary>One server-sent event: its type, id and data (JSON as the service wrote it).</summary>
public sealed record ApiEvent(string Type, string? Id, string Data);

/// <summary>A file the user picked: its name, type, size and content (read once).</summary>
public sealed record FileToUpload(string FileName, string ContentType, long Size, Stream Content);

public sealed record DownloadedFile(byte[] Content, string ContentType, string? FileName);

/// <summary>
/// Calls the gateway (<see cref="HttpClientName"/>, based at the public URL) and attaches the current
/// user's access token from their sign-in ticket (<see cref="SessionTokens"/>), refreshed when it is about to
/// expire. Scoped: in a Blazor circuit the tokens are the circuit's (an HttpClient message handler would run in
/// another DI scope and could not see them).
/// </summary>
public sealed class PlatformApi(IHttpClientFactory clients, SessionTokens tokens, Loc loc, ILogger<PlatformApi> logger) : IPlatformApi
{
    public const string HttpClientName = "gateway";

    /// <summary>The same gateway without the resilience handler's timeouts: a stream stays open for as long as the page.</summary>
    public const string StreamClientName = "gateway-stream";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public async Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken ct = default) =>
        await SendAsync<T>(HttpMethod.Get, path, null, ct);

    public async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body = null, CancellationToken ct = default)
    {
        var result = await SendRawAsync(method, path, body, ct);
        if (result.Problem is not null) return ApiResult<T>.Failure(result.Problem);
        using var response = result.Value!;
        if (typeof(T) == typeof(Unit)) return ApiResult<T>.Success((T)(object)Unit.Value);
        try
        {
            var value = await response.Content.ReadFromJsonAsync<T>(Json, ct);
            return value is null ? ApiResult<T>.Failure(new ApiProblem((int)response.StatusCode, loc["error.generic"], null, ApiProblem.NoErrors))
                : ApiResult<T>.Success(value);
        }
        catch (JsonException e)
        {
            logger.LogWarning(e, "{Method} {Path} answered a body the web client cannot read", method, path);
            return ApiResult<T>.Failure(new ApiProblem((int)response.StatusCode, loc["error.generic"], null, ApiProblem.NoErrors));
        }
    }

    public async Task<ApiResult<DownloadedFile>> DownloadAsync(string path, CancellationToken ct = default)
    {
        var result = await SendRawAsync(HttpMethod.Get, path, null, ct);
        if (result.Problem is not null) return ApiResult<DownloadedFile>.Failure(result.Problem);
        using var response = result.Value!;
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        return ApiResult<DownloadedFile>.Success(new DownloadedFile(bytes,
            response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream",
            response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"')));
    }

    public async Task<ApiResult<T>> UploadAsync<T>(string path, FileToUpload file, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var part = new ProgressStreamContent(file.Content, progress);
        part.Headers.ContentType = MediaTypeHeaderValue.TryParse(file.ContentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
        var form = new MultipartFormDataContent { { part, "file", file.FileName } };
        var result = await SendRawAsync(HttpMethod.Post, path, form, ct);
        if (result.Problem is not null) return ApiResult<T>.Failure(result.Problem);
        using var response = result.Value!;
        var value = await response.Content.ReadFromJsonAsync<T>(Json, ct);
        return value is null ? ApiResult<T>.Failure(new ApiProblem((int)response.StatusCode, loc["error.generic"], null, ApiProblem.NoErrors))
            : ApiResult<T>.Success(value);
    }

    public async Task<ApiResult<IAsyncEnumerable<ApiEvent>>> OpenStreamAsync(string path, string? lastEventId, CancellationToken ct)
    {
        var token = await tokens.AccessTokenAsync(ct);
        if (token is null) return ApiResult<IAsyncEnumerable<ApiEvent>>.Failure(ApiProblem.SignedOut(loc));
        using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(StreamClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning(e, "GET {Path}: the gateway could not be reached for a stream", path);
            return ApiResult<IAsyncEnumerable<ApiEvent>>.Failure(ApiProblem.Unreachable(loc));
        }
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                return ApiResult<IAsyncEnumerable<ApiEvent>>.Failure(ApiProblem.From(response.StatusCode, await response.Content.ReadAsStringAsync(ct), loc));
            }
        }
        return ApiResult<IAsyncEnumerable<ApiEvent>>.Success(ReadEventsAsync(response, ct));
    }

    private static async IAsyncEnumerable<ApiEvent> ReadEventsAsync(HttpResponseMessage response, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using (response)
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            await foreach (var item in System.Net.ServerSentEvents.SseParser.Create(body).EnumerateAsync(ct))
            {
                yield return new ApiEvent(item.EventType, item.EventId, item.Data);
            }
        }
    }

    private async Task<ApiResult<HttpResponseMessage>> SendRawAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        var token = await tokens.AccessTokenAsync(ct);
        if (token is null) return ApiResult<HttpResponseMessage>.Failure(ApiProblem.SignedOut(loc));

        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName));
        if (body is HttpContent content) request.Content = content;
        else if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(HttpClientName).SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning(e, "{Method} {Path}: the gateway could not be reached", method, path);
            return ApiResult<HttpResponseMessage>.Failure(ApiProblem.Unreachable(loc));
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "{Method} {Path}: no answer in time", method, path);
            return ApiResult<HttpResponseMessage>.Failure(ApiProblem.Unreachable(loc));
        }
        catch (Polly.ExecutionRejectedException e)
        {
            // The resilience handler's own refusal (its attempt or total timeout): the page says the gateway did not
            // answer instead of failing its component, which ends the user's whole circuit.
            logger.LogWarning(e, "{Method} {Path}: the call was given up ({Reason})", method, path, e.GetType().Name);
            return ApiResult<HttpResponseMessage>.Failure(ApiProblem.Unreachable(loc));
        }
        if (response.IsSuccessStatusCode) return ApiResult<HttpResponseMessage>.Success(response);
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            logger.LogInformation("{Method} {Path} answered {StatusCode}", method, path, (int)response.StatusCode);
            return ApiResult<HttpResponseMessage>.Failure(ApiProblem.From(response.StatusCode, text, loc));
        }
    }
}

/// <summary>The value of a call whose answer body does not matter.</summary>
public sealed record Unit
{
    public static readonly Unit Value = new();
}

/// <summary>A file's bytes sent to the API, counting as they go (the upload's progress bar).</summary>
internal sealed class ProgressStreamContent(Stream source, IProgress<long>? progress) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long sent = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            sent += read;
            progress?.Report(sent);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
