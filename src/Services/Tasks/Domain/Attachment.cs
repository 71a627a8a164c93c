using System.IO.Compression;

namespace Platform.Tasks.Domain;

public enum AttachmentOwner
{
    /// <summary>A document's attachment (văn bản gửi kèm).</summary>
    Document,
    /// <summary>Evidence for an assignment (minh chứng).</summary>
    Assignment,
}

/// <summary>A stored file's description; the bytes live in <see cref="AttachmentContent"/>.</summary>
public sealed class Attachment
{
    public Guid Id { get; set; }
    public AttachmentOwner OwnerKind { get; set; }
    public Guid OwnerId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public required string UploadedBy { get; set; }
    public Guid UploadedByUnitId { get; set; }
}

public sealed class AttachmentContent
{
    public Guid AttachmentId { get; set; }
    public required byte[] Data { get; set; }
}

/// <summary>The file types accepted, recognised by their content (magic bytes), not only by the name.</summary>
public static class FileInspector
{
    public sealed record FileType(string Name, string ContentType, string[] Extensions);

    public static readonly FileType Pdf = new("PDF", "application/pdf", [".pdf"]);
    public static readonly FileType Docx = new("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [".docx"]);
    public static readonly FileType Xlsx = new("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [".xlsx"]);
    public static readonly FileType Png = new("PNG", "image/png", [".png"]);
    public static readonly FileType Jpeg = new("JPEG", "image/jpeg", [".jpg", ".jpeg"]);

    public static readonly IReadOnlyList<FileType> Allowed = [Pdf, Docx, Xlsx, Png, Jpeg];

    public static string AllowedList => string.Join(", ", Allowed.Select(a => a.Name));

    /// <summary>The type the content really is, or null when it is none of the accepted ones.</summary>
    public static FileType? Detect(ReadOnlySpan<byte> content, Func<Stream> open)
    {
        if (content.StartsWith("%PDF-"u8)) return Pdf;
        if (content.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return Png;
        if (content.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF })) return Jpeg;
        if (content.StartsWith("PK\u0003\u0004"u8))
        {
            // DOCX and XLSX are ZIP packages; which one it is shows in the parts it holds.
            try
            {
                using var zip = new ZipArchive(open(), ZipArchiveMode.Read);
                if (zip.GetEntry("word/document.xml") is not null) return Docx;
                if (zip.GetEntry("xl/workbook.xml") is not null) return Xlsx;
            }
            catch (InvalidDataException)
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>Does the file name's extension match the detected type?</summary>
    public static bool ExtensionMatches(string fileName, FileType type) =>
        type.Extensions.Contains(Path.GetExtension(fileName).ToLowerInvariant());
}
