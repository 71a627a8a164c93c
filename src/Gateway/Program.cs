using Platform.Gateway.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();
builder.AddClientPrivacy("/api/safeline", "/an-toan"); // no reporter's address or browser on the safe line's traces

var app = builder.Build();

app.UseEdgeSecurity(); // first: the real client address and scheme for everything after it
app.UseRequestId();
app.UsePlatformDefaults();
app.UseRequestTargetLimit();
app.UseAuthentication(); // before the rate limiter, which partitions by the token's subject
app.UseRateLimiter();
app.UseRequestBodyLimit();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapGatewayProxy();
app.MapUnmatchedRoutes();

app.Run();

/// <summary>Public so that tests can boot the gateway with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
