using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;

namespace Scari.Web.Features.Certificates;

/// <summary>/certificados: the signed-in learner's finished courses, each with its certificate to download.</summary>
[Authorize]
public sealed class MineModel(ScariDbContext db, CertificateAccess access) : PageModel
{
    public sealed record Row(int CompletionId, string CourseTitle, DateTime CompletedUtc, int Hours, string? Code);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public bool HasPerson { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(User, ct);
        HasPerson = viewer.PersonId is not null;
        if (!HasPerson) return;
        var personId = viewer.PersonId;
        Rows = await db.Completions.AsNoTracking()
            .Where(c => c.PersonId == personId)
            .OrderByDescending(c => c.CompletedUtc)
            .Select(c => new Row(c.Id,
                c.CourseVersion != null ? c.CourseVersion.Title : c.CourseId,
                c.CompletedUtc, c.Hours,
                db.Certificates.Where(x => x.CompletionId == c.Id && x.RevokedUtc == null).Select(x => x.Code).FirstOrDefault()))
            .ToListAsync(ct);
    }
}
