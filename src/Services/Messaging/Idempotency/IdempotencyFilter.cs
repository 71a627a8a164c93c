using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Messaging.Idempotency;

public static class Idempotency
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 128;

    /// <summary>How long a key is remembered; expired keys are deleted lazily (see <see cref="IdempotencyFilter{TContext}"/>).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>
    /// Makes a creating POST safe to retry: a request sent again with the same <c>Idempotency-Key</c>
    /// (same caller, same route, same body) gets the first response back instead of creating twice.
    /// <typeparamref name="TContext"/> must hold the table (<see cref="IdempotencyModel.AddIdempotencyKeys"/>)
    /// and be the context the handler saves with.
    /// </summary>
    public static RouteHandlerBuilder WithIdempotency<TContext>(this RouteHandlerBuilder builder) where TContext : DbContext
    {
        builder.AddEndpointFilter(new IdempotencyFilter<TContext>());
        // The body is hashed after model binding has read it: keep it readable for requests that carry a key.
        builder.Finally(endpoint =>
        {
            if (endpoint.RequestDelegate is not { } inner) return;
            endpoint.RequestDelegate = context =>
            {
                if (context.Request.Headers.ContainsKey(HeaderName)) context.Request.EnableBuffering();
                return inner(context);
            };
        });
        builder.ProducesProblem(StatusCodes.Status409Conflict);
        builder.ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return builder;
    }

    /// <summary>1–128 printable ASCII characters (space to tilde).</summary>
    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= MaxKeyLength } && key.All(c => c is >= ' ' and <= '~');

    /// <summary>Deletes every expired key; for a service's scheduled job (the filter also cleans up lazily).</summary>
    public static Task<int> DeleteExpiredAsync(DbContext db, DateTimeOffset now, CancellationToken ct) =>
        db.Set<IdempotencyKey>().Where(k => k.ExpiresAt <= now).ExecuteDeleteAsync(ct);

    internal static string Pick(string vietnamese, string english) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? english : vietnamese;
}

/// <summary>
/// The filter behind <see cref="Idempotency.WithIdempotency{TContext}"/>. With a key it opens a transaction
/// on the request's <typeparamref name="TContext"/> and takes a transaction-scoped advisory lock on
/// (caller, route, key) without waiting — a second request while the first holds it is answered 409 with
/// <c>Retry-After</c>. Under the lock, a stored key is replayed (same body) or refused with 422 (another
/// body); otherwise the handler runs, and its <c>SaveChanges</c> join the transaction. A 2xx result is
/// written to a buffer and stored as a key row before the commit, so the change and the key commit
/// together or not at all; anything else commits the handler's work but stores no key. Nothing is sent to
/// the client before the commit. Keys older than <see cref="Idempotency.Lifetime"/> count as absent and
/// are deleted lazily: the expired key itself on reuse, and all expired keys at most every five minutes
/// per process, by the next request that carries a key (a service may also call
/// <see cref="Idempotency.DeleteExpiredAsync"/> from its scheduled job, as reporting does).
/// </summary>
public sealed class IdempotencyFilter<TContext> : IEndpointFilter where TContext : DbContext
{
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromMinutes(5);
    private static long _nextCleanupTicks;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Idempotency.HeaderName, out var values))
        {
            return await next(context);
        }
        var key = values.Count == 1 ? values[0] : null;
        if (!Idempotency.IsValidKey(key))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    [Idempotency.HeaderName] =
                    [
                        Idempotency.Pick(
                            $"Tiêu đề '{Idempotency.HeaderName}' phải gồm 1–{Idempotency.MaxKeyLength} ký tự ASCII in được.",
                            $"The '{Idempotency.HeaderName}' header must be 1–{Idempotency.MaxKeyLength} printable ASCII characters."),
                    ],
                },
                title: Idempotency.Pick("Yêu cầu không hợp lệ.", "The request is invalid."));
        }

        var ct = http.RequestAborted;
        var caller = http.User.FindFirstValue("sub") ?? http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var method = http.Request.Method;
        var route = $"{method} {(http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value}";
        var path = $"{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}";
        var requestHash = await HashRequestAsync(http.Request, method, path, ct);

        var services = http.RequestServices;
        var db = services.GetRequiredService<TContext>();
        var now = (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        await CleanupAsync(db, now, ct);

        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("An idempotent endpoint's DbContext already has a transaction.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var lockId = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"{caller}\n{route}\n{key}")), 0);
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({lockId}) AS \"Value\"").SingleAsync(ct);
        if (!locked)
        {
            http.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: Idempotency.Pick("Yêu cầu đang được xử lý.", "The request is in progress."),
                detail: Idempotency.Pick(
                    "Một yêu cầu với cùng Idempotency-Key đang được xử lý; hãy thử lại sau.",
                    "A request with the same Idempotency-Key is still being processed; retry later."));
        }

        var keys = db.Set<IdempotencyKey>();
        var stored = await keys.AsNoTracking().SingleOrDefaultAsync(k => k.Caller == caller && k.Route == route && k.Key == key, ct);
        if (stored is not null && stored.ExpiresAt <= now)
        {
            await keys.Where(k => k.Caller == caller && k.Route == route && k.Key == key).ExecuteDeleteAsync(ct);
            stored = null;
        }
        if (stored is not null)
        {
            // Nothing was written; disposing the transaction releases the lock.
            if (!CryptographicOperations.FixedTimeEquals(stored.RequestHash, requestHash))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: Idempotency.Pick("Idempotency-Key đã được dùng.", "Idempotency-Key already used."),
                    detail: Idempotency.Pick("Idempotency-Key đã dùng cho một yêu cầu khác.",
                        "The Idempotency-Key was already used for a different request."));
            }
            return new StoredResponse(stored.StatusCode, stored.ContentType, stored.Location, stored.Body, Replayed: true);
        }

        var result = await next(context);
        var response = await CaptureAsync(http, result);
        if (response.StatusCode is >= 200 and < 300)
        {
            keys.Add(new IdempotencyKey
            {
                Caller = caller, Route = route, Key = key!, RequestHash = requestHash, Method = method, Path = path,
                StatusCode = response.StatusCode, ContentType = response.ContentType, Location = response.Location, Body = response.Body,
                CreatedAt = now, ExpiresAt = now + Idempotency.Lifetime,
            });
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return response;
    }

    private static async Task<byte[]> HashRequestAsync(HttpRequest request, string method, string path, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{method}\n{path}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(buffer, ct)) > 0) hash.AppendData(buffer, 0, read);
        }
        return hash.GetHashAndReset();
    }

    private static async Task CleanupAsync(TContext db, DateTimeOffset now, CancellationToken ct)
    {
        var due = Interlocked.Read(ref _nextCleanupTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextCleanupTicks, (now + CleanupInterval).UtcTicks, due) != due) return;
        await Idempotency.DeleteExpiredAsync(db, now, ct);
    }

    /// <summary>Runs the handler's result into a buffer, so it can be stored before anything reaches the client.</summary>
    private static async Task<StoredResponse> CaptureAsync(HttpContext http, object? result)
    {
        var original = http.Features.Get<IHttpResponseBodyFeature>()!;
        using var buffer = new MemoryStream();
        var capture = new StreamResponseBodyFeature(buffer);
        http.Features.Set<IHttpResponseBodyFeature>(capture);
        try
        {
            switch (result)
            {
                case IResult r: await r.ExecuteAsync(http); break;
                case null: break;
                case string s: http.Response.ContentType ??= "text/plain; charset=utf-8"; await http.Response.WriteAsync(s); break;
                default: await http.Response.WriteAsJsonAsync(result, result.GetType()); break;
            }
            await capture.Writer.FlushAsync();
        }
        finally
        {
            http.Features.Set(original);
        }
        var location = http.Response.Headers.Location;
        return new StoredResponse(http.Response.StatusCode, http.Response.ContentType, location.Count > 0 ? location.ToString() : null,
            buffer.ToArray(), Replayed: false);
    }

    private sealed record StoredResponse(int StatusCode, string? ContentType, string? Location, byte[] Body, bool Replayed) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCode;
            if (ContentType is not null) response.ContentType = ContentType;
            if (Location is not null) response.Headers.Location = Location;
            if (Replayed) response.Headers[Idempotency.ReplayedHeader] = "true";
            response.ContentLength = Body.Length;
            await response.Body.WriteAsync(Body, httpContext.RequestAborted);
        }
    }
}
