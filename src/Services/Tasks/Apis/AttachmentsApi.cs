using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Tasks.Domain;

namespace Platform.Tasks.Apis;

/// <summary>Downloads of document attachments and evidence, for whoever may see what they belong to.</summary>
public static class AttachmentsApi
{
    public static IEndpointRouteBuilder MapAttachmentsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/tasks/attachments/{id:guid}", Download).WithTags("Attachments");
        return app;
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Download(
        Guid id, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var db = services.Db;
        var attachment = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        var visible = attachment?.OwnerKind switch
        {
            AttachmentOwner.Document => await db.Documents.AsNoTracking().IgnoreAutoIncludes().FirstOrDefaultAsync(d => d.Id == attachment.OwnerId, ct)
                is { } document && await services.Access.CanSeeAsync(document, ct),
            AttachmentOwner.Assignment => await db.Assignments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachment.OwnerId, ct)
                is { } assignment && await services.Access.CanSeeAsync(assignment, ct),
            _ => false,
        };
        if (!visible)
        {
            return Problems.NotFound($"Không có tệp {id} trong phạm vi của bạn.", $"There is no file {id} within your scope.");
        }
        var content = await db.AttachmentContents.AsNoTracking().FirstAsync(c => c.AttachmentId == id, ct);
        return TypedResults.File(content.Data, attachment!.ContentType, attachment.FileName);
    }
}
