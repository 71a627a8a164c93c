using System.Collections.Concurrent;
using System.Text.Json;
using Platform.Web.Api;

namespace Platform.Web.Tests;

/// <summary>What a component asked of the API.</summary>
public sealed record ApiCall(HttpMethod Method, string Path, JsonElement? Body);

/// <summary>
/// Stands in for the gateway: answers each call from a handler the test sets per path, as JSON the way the
/// services write it (so the client's DTOs are read for real), and records every call with its body.
/// </summary>
public sealed class FakePlatformApi : IPlatformApi
{
    private readonly List<(Func<ApiCall, bool> Match, Func<ApiCall, object> Answer)> _handlers = [];

    public ConcurrentQueue<ApiCall> Calls { get; } = new();

    /// <summary>Answers calls matching <paramref name="method"/> and the path (prefix, query ignored) with a value or an <see cref="ApiProblem"/>.</summary>
    public FakePlatformApi On(HttpMethod method, string path, Func<ApiCall, object> answer)
    {
        _handlers.Insert(0, (c => c.Method == method && c.Path.Split('?')[0] == path, answer));
        return this;
    }

    public IEnumerable<ApiCall> CallsTo(HttpMethod method, string path) => Calls.Where(c => c.Method == method && c.Path.Split('?')[0] == path);

    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken ct = default) => SendAsync<T>(HttpMethod.Get, path, null, ct);

    public Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body = null, CancellationToken ct = default)
    {
        var call = new ApiCall(method, path, body is null ? null : JsonSerializer.SerializeToElement(body, body.GetType(), PlatformApi.Json));
        Calls.Enqueue(call);
        var handler = _handlers.FirstOrDefault(h => h.Match(call));
        if (handler.Answer is null) throw new InvalidOperationException($"No answer set for {method} {path}");
        var answer = handler.Answer(call);
        if (answer is ApiProblem problem) return Task.FromResult(ApiResult<T>.Failure(problem));
        if (typeof(T) == typeof(Unit)) return Task.FromResult(ApiResult<T>.Success((T)(object)Unit.Value));
        // Through JSON, as the real client reads it.
        var json = JsonSerializer.Serialize(answer, answer.GetType(), PlatformApi.Json);
        return Task.FromResult(ApiResult<T>.Success(JsonSerializer.Deserialize<T>(json, PlatformApi.Json)!));
    }

    /// <summary>Files posted, with the bytes read from them.</summary>
    public ConcurrentQueue<(string Path, string FileName, string ContentType, byte[] Content)> Uploads { get; } = new();

    public async Task<ApiResult<T>> UploadAsync<T>(string path, FileToUpload file, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        using var copy = new MemoryStream();
        await file.Content.CopyToAsync(copy, ct);
        progress?.Report(copy.Length);
        Uploads.Enqueue((path, file.FileName, file.ContentType, copy.ToArray()));
        return await SendAsync<T>(HttpMethod.Post, path, null, ct);
    }

    /// <summary>What the stream answers: the test writes events; completing the writer ends the stream.</summary>
    public System.Threading.Channels.Channel<ApiEvent> Stream { get; } = System.Threading.Channels.Channel.CreateUnbounded<ApiEvent>();

    /// <summary>Streams opened, with the last event id each resumed after.</summary>
    public ConcurrentQueue<(string Path, string? LastEventId)> StreamsOpened { get; } = new();

    public Task<ApiResult<IAsyncEnumerable<ApiEvent>>> OpenStreamAsync(string path, string? lastEventId, CancellationToken ct)
    {
        StreamsOpened.Enqueue((path, lastEventId));
        return Task.FromResult(ApiResult<IAsyncEnumerable<ApiEvent>>.Success(Stream.Reader.ReadAllAsync(ct)));
    }

    public Task<ApiResult<DownloadedFile>> DownloadAsync(string path, CancellationToken ct = default) =>
        throw new NotSupportedException("No downloads in component tests.");
}
