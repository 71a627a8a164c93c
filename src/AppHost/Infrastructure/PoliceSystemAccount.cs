using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Platform.AppHost.Infrastructure;

/// <summary>
/// The police coordination system's own RabbitMQ user, with exactly the rights docs/asyncapi.yaml gives it
/// (<c>x-broker-permissions</c>): it reads its inbox and writes its replies, and may declare nothing. The
/// platform accepts a reply only when the broker-checked <c>user_id</c> is this user, so the reference
/// police system must connect as it, never with the platform's account.
/// </summary>
public static class PoliceSystemAccount
{
    public const string User = "police-system";
    public const string Configure = "^$";
    public const string Write = @"^police\.v1\.replies$";
    public const string Read = @"^police\.v1\.inbox$";

    /// <summary>
    /// RabbitMQ definitions for the local node: <c>guest</c> (the platform's account, loopback only, as the
    /// node would have seeded it) and the police user with its narrow rights, both on <c>/</c>. A node that
    /// loads definitions at boot seeds no default user, hence guest here; the file is imported on every boot,
    /// so a new police password replaces the old one.
    /// </summary>
    public static string Definitions(string policePassword) => JsonSerializer.Serialize(new
    {
        users = new object[]
        {
            new { name = "guest", password_hash = HashPassword("guest"), hashing_algorithm = "rabbit_password_hashing_sha256", tags = new[] { "administrator" } },
            new { name = User, password_hash = HashPassword(policePassword), hashing_algorithm = "rabbit_password_hashing_sha256", tags = Array.Empty<string>() },
        },
        vhosts = new[] { new { name = "/" } },
        permissions = new[]
        {
            new { user = "guest", vhost = "/", configure = ".*", write = ".*", read = ".*" },
            new { user = User, vhost = "/", configure = Configure, write = Write, read = Read },
        },
    }, new JsonSerializerOptions { WriteIndented = true });

    /// <summary>RabbitMQ's SHA-256 scheme: base64(salt ‖ SHA-256(salt ‖ UTF-8 password)) with a 4-byte salt.</summary>
    public static string HashPassword(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(4);
        var hash = SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(password)]);
        return Convert.ToBase64String([.. salt, .. hash]);
    }
}
