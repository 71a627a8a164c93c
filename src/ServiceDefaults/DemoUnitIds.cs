using System.Security.Cryptography;
using System.Text;

namespace Platform.ServiceDefaults;

/// <summary>
/// Deterministic ids of the development demo units, so the units service (which creates them) and
/// identity (whose demo accounts belong to them) agree without calling each other: a name-based UUID
/// (RFC 4122 version 5, SHA-1) over the unit code's UTF-8 bytes.
/// </summary>
public static class DemoUnitIds
{
    public static readonly Guid Namespace = new("6f1c2a52-3a5e-4d8b-9a57-2b8f0c7e5d10");

    /// <summary>Sở GDĐT Hải Phòng.</summary>
    public const string Department = "SGDDT-HP";

    /// <summary>Văn phòng Sở.</summary>
    public const string DepartmentOffice = "SGDDT-HP-VP";

    /// <summary>Phòng GDĐT quận Lê Chân.</summary>
    public const string LeChanDistrictOffice = "PGDDT-LECHAN";

    /// <summary>
    /// Phòng Văn hóa – Xã hội of Phường Lê Chân: since 01/07/2025 it supervises the preschools, primary and
    /// lower-secondary schools of the ward (the demo school among them) in place of the dissolved district office.
    /// </summary>
    public const string LeChanCommuneDivision = "VHXH-P-LECHAN";

    /// <summary>A lower-secondary school (THCS) under the Lê Chân district office until 30/06/2025, under Phường Lê Chân's Culture–Society division since.</summary>
    public const string LeChanLowerSecondarySchool = "THCS-LECHAN-001";

    /// <summary>Trường THPT Ngô Quyền, directly under the Department.</summary>
    public const string NgoQuyenUpperSecondarySchool = "THPT-NGOQUYEN";

    /// <summary>Công an thành phố Hải Phòng.</summary>
    public const string CityPolice = "CATP-HP";

    /// <summary>The demo unit id of <paramref name="code"/>.</summary>
    public static Guid For(string code) => NameBased(Namespace, code);

    /// <summary>RFC 4122 §4.3 name-based UUID, version 5 (SHA-1).</summary>
    public static Guid NameBased(Guid @namespace, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        @namespace.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);

        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
