using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Platform.Tasks.Domain;
using Platform.Tasks.Infrastructure;

namespace Platform.Tasks.Apis;

/// <summary>What the tasks handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed record TasksApiServices(
    TasksDbContext Db,
    TaskAccess Access,
    TimeProvider Clock,
    ILogger<TasksApiServices> Logger)
{
    public DateOnly Today => VietnamTime.Today(Clock);
}

public sealed class AttachmentOptions
{
    /// <summary>Largest file accepted, in bytes (20 MiB by default).</summary>
    public long MaxBytes { get; set; } = 20 * 1024 * 1024;
}

internal static class ApiResults
{
    public static ProblemHttpResult Forbidden(string vietnamese, string english) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: Text.Pick("Không có quyền.", "Forbidden."),
            detail: Text.Pick(vietnamese, english));

    public static ProblemHttpResult Unprocessable(DomainException ex) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
            title: Text.Pick("Không thể thực hiện.", "The change cannot be made."), detail: Text.Pick(ex.Vietnamese, ex.English));

    public static ProblemHttpResult Unprocessable(string vietnamese, string english) => Unprocessable(new DomainException(vietnamese, english));

    public static ProblemHttpResult AssignmentNotFound(Guid id) =>
        Problems.NotFound($"Không có nhiệm vụ được giao {id} trong phạm vi của bạn.", $"There is no assignment {id} within your scope.");

    public static ProblemHttpResult DocumentNotFound(Guid id) =>
        Problems.NotFound($"Không có văn bản {id} trong phạm vi của bạn.", $"There is no document {id} within your scope.");

    public static ProblemHttpResult ReadOnly() =>
        Forbidden("Vai trò của bạn chỉ được xem, không được thay đổi.", "Your role may read but not change anything.");

    public static ValidationProblem MissingBody()
    {
        var validator = new RequestValidator();
        validator.Add("body", "Thiếu nội dung yêu cầu.", "The request body is missing.");
        return validator.ToProblem();
    }
}

/// <summary>Reads one uploaded file (<c>multipart/form-data</c>, part <c>file</c>) and checks its size and real type.</summary>
internal static class Uploads
{
    public const string Field = "file";

    public static async Task<(Attachment? Attachment, byte[]? Data, ValidationProblem? Problem)> ReadAsync(
        HttpRequest request, IOptions<AttachmentOptions> options, AttachmentOwner owner, Guid ownerId, Actor actor, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var max = options.Value.MaxBytes;
        if (!request.HasFormContentType)
        {
            validator.Add(Field, "Gửi tệp dưới dạng multipart/form-data, phần 'file'.", "Send the file as multipart/form-data in a part named 'file'.");
            return (null, null, validator.ToProblem());
        }
        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile(Field);
        if (file is null || file.Length == 0)
        {
            validator.Add(Field, "Thiếu tệp (phần 'file') hoặc tệp rỗng.", "The 'file' part is missing or empty.");
            return (null, null, validator.ToProblem());
        }
        if (file.Length > max)
        {
            validator.Add(Field,
                $"Tệp '{file.FileName}' có dung lượng {Megabytes(file.Length)} MB, vượt giới hạn {Megabytes(max)} MB.",
                $"The file '{file.FileName}' is {Megabytes(file.Length)} MB, over the {Megabytes(max)} MB limit.");
            return (null, null, validator.ToProblem());
        }
        var name = Path.GetFileName(file.FileName ?? "").Trim().Normalize(NormalizationForm.FormC);
        if (name.Length is 0 or > Infrastructure.DocumentLimits.FileName)
        {
            validator.Add(Field, "Tên tệp trống hoặc dài quá 255 ký tự.", "The file name is empty or longer than 255 characters.");
            return (null, null, validator.ToProblem());
        }

        var data = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(data, ct);
        }
        var type = FileInspector.Detect(data, () => new MemoryStream(data, writable: false));
        if (type is null)
        {
            validator.Add(Field,
                $"Loại tệp của '{name}' không được chấp nhận (kiểm tra theo nội dung tệp); chỉ nhận {FileInspector.AllowedList}.",
                $"The type of '{name}' is not accepted (checked by its content); accepted: {FileInspector.AllowedList}.");
            return (null, null, validator.ToProblem());
        }
        if (!FileInspector.ExtensionMatches(name, type))
        {
            validator.Add(Field,
                $"Tên tệp '{name}' không khớp nội dung: nội dung là {type.Name} ({string.Join("/", type.Extensions)}).",
                $"The file name '{name}' does not match its content, which is {type.Name} ({string.Join("/", type.Extensions)}).");
            return (null, null, validator.ToProblem());
        }

        var attachment = new Attachment
        {
            Id = Guid.CreateVersion7(actor.At),
            OwnerKind = owner,
            OwnerId = ownerId,
            FileName = name,
            ContentType = type.ContentType,
            Size = data.LongLength,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(data)),
            UploadedAt = actor.At,
            UploadedBy = actor.UserId,
            UploadedByUnitId = actor.UnitId,
        };
        return (attachment, data, null);
    }

    private static string Megabytes(long bytes) => (bytes / 1024d / 1024d).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
