namespace Platform.Identity.Infrastructure;

/// <summary>
/// A key of the token server, kept in the identity database so it survives restarts and every replica
/// signs (and decrypts codes and refresh tokens) with the same one.
/// </summary>
public sealed class SigningKey
{
    public const string SignatureUse = "sig";
    public const string EncryptionUse = "enc";

    /// <summary>The JWK <c>kid</c>.</summary>
    public required string Id { get; set; }

    /// <summary><c>sig</c> signs tokens; <c>enc</c> encrypts authorization codes and refresh tokens.</summary>
    public required string Use { get; set; }

    public required string Algorithm { get; set; }

    /// <summary>The RSA private key, PKCS#8 DER.</summary>
    public required byte[] PrivateKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set when the key is rotated out; retired keys are no longer loaded.</summary>
    public DateTimeOffset? RetiredAt { get; set; }
}
