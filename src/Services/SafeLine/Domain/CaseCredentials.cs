using System.Security.Cryptography;
using System.Text;

namespace Platform.SafeLine.Domain;

public sealed record PassphraseHash(byte[] Salt, byte[] Hash);

/// <summary>
/// The case code and passphrase a reporter comes back with. Only a slow hash of the passphrase is kept
/// (PBKDF2-HMAC-SHA256, 210,000 iterations, 16-byte salt: OWASP's figure for PBKDF2-SHA256); checking an unknown
/// code hashes against a dummy salt so that it takes as long as a wrong passphrase and gives the same answer.
/// </summary>
public static class CaseCredentials
{
    public const int Iterations = 210_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    /// <summary>No 0/O, 1/I/L, 5/S, 2/Z: read aloud or copied from paper without mistakes.</summary>
    private const string CodeAlphabet = "346789ABCDEFGHJKMNPQRTUVWXY";
    private const string PassphraseAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    private static readonly byte[] DummySalt = RandomNumberGenerator.GetBytes(SaltBytes);

    /// <summary>e.g. <c>AT-7KQ3-M9XD</c>: 27^8 ≈ 2.8·10^11 codes.</summary>
    public static string NewCode() => $"AT-{Random(CodeAlphabet, 4)}-{Random(CodeAlphabet, 4)}";

    /// <summary>e.g. <c>k7mq-2xpf-9hde-r4tn</c>: 16 characters of 31, about 79 bits.</summary>
    public static string NewPassphrase() =>
        string.Join('-', Enumerable.Range(0, 4).Select(_ => Random(PassphraseAlphabet, 4)));

    /// <summary>What a reporter typed, as the code is stored: upper case, dashes where they belong.</summary>
    public static string? NormaliseCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        var bare = new string(code.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        if (bare.StartsWith("AT", StringComparison.Ordinal)) bare = bare[2..];
        return bare.Length == 8 ? $"AT-{bare[..4]}-{bare[4..]}" : null;
    }

    /// <summary>Spaces, dashes and case do not matter: a passphrase copied by hand still works.</summary>
    public static string NormalisePassphrase(string passphrase) =>
        new(passphrase.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    public static PassphraseHash Hash(string passphrase)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new PassphraseHash(salt, Derive(passphrase, salt));
    }

    public static bool Verify(string passphrase, byte[] salt, byte[] expected) =>
        CryptographicOperations.FixedTimeEquals(Derive(passphrase, salt), expected);

    /// <summary>The same work as <see cref="Verify"/> for a code that does not exist; always false.</summary>
    public static bool VerifyNothing(string passphrase)
    {
        _ = Derive(passphrase, DummySalt);
        return false;
    }

    private static byte[] Derive(string passphrase, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(
        Encoding.UTF8.GetBytes(NormalisePassphrase(passphrase)), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);

    private static string Random(string alphabet, int length) =>
        string.Create(length, alphabet, (span, a) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = a[RandomNumberGenerator.GetInt32(a.Length)];
        });
}
