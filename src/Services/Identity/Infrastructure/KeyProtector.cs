using System.Security.Cryptography;
using System.Text;
using Platform.Identity.Extensions;

namespace Platform.Identity.Infrastructure;

/// <summary>
/// Encrypts the token server's private keys before they reach <c>signing_keys</c>, with AES-256-GCM under the
/// key of <see cref="IdentityServiceOptions.KeyEncryptionKey"/>; whoever reads the database without that key
/// cannot sign tokens. Stored form: <c>0x01 | nonce (12) | tag (16) | ciphertext</c>; the key's id and use are
/// authenticated with it, so a row's key cannot be moved to another row.
/// </summary>
public sealed class KeyProtector
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _key;

    public KeyProtector(byte[] key)
    {
        if (key.Length != 32)
        {
            throw new InvalidOperationException("Identity:KeyEncryptionKey must be 32 bytes (AES-256), base64-encoded.");
        }
        _key = key;
    }

    public static KeyProtector From(IdentityServiceOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.KeyEncryptionKey))
        {
            throw new InvalidOperationException(
                "Identity:KeyEncryptionKey is not configured: give the base64 of a 32-byte key from the secret store.");
        }
        byte[] key;
        try
        {
            key = Convert.FromBase64String(options.KeyEncryptionKey);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Identity:KeyEncryptionKey is not valid base64.");
        }
        return new KeyProtector(key);
    }

    /// <summary>Whether <paramref name="stored"/> is in the encrypted form (a PKCS#8 key in clear starts with 0x30).</summary>
    public static bool IsProtected(byte[] stored) => stored.Length > 1 + NonceSize + TagSize && stored[0] == Version;

    public byte[] Protect(byte[] privateKey, string keyId, string use)
    {
        var output = new byte[1 + NonceSize + TagSize + privateKey.Length];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, privateKey, output.AsSpan(1 + NonceSize + TagSize), output.AsSpan(1 + NonceSize, TagSize), Aad(keyId, use));
        return output;
    }

    /// <exception cref="CryptographicException">The key is wrong or the row was altered.</exception>
    public byte[] Unprotect(byte[] stored, string keyId, string use)
    {
        if (!IsProtected(stored))
        {
            throw new CryptographicException($"The stored key {keyId} is not encrypted.");
        }
        var plaintext = new byte[stored.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(stored.AsSpan(1, NonceSize), stored.AsSpan(1 + NonceSize + TagSize), stored.AsSpan(1 + NonceSize, TagSize), plaintext,
            Aad(keyId, use));
        return plaintext;
    }

    private static byte[] Aad(string keyId, string use) => Encoding.UTF8.GetBytes($"platform-identity-key|{use}|{keyId}");
}
