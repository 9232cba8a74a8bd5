using Scari.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Shared;

namespace Scari.Web.Features.People;

[Authorize(Roles = "Administrador,Coordinador")]
public sealed class PeopleModel(ScariDbContext db) : PageModel
{
    public sealed record Row(int Id, string FullName, DocumentType DocumentType, string DocumentNumber, Audience Audience, string? Unit, string? Grade);

    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    [BindProperty(SupportsGet = true, Name = "tipo")] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true, Name = "pagina")] public int PageNumber { get; set; } = 1;

    public Paged<Row> Rows { get; private set; } = new([], 0, 1, Paging.PageSize);
    public PeopleScope Scope { get; private set; } = PeopleScope.Nobody;
    public CurrentAccount Viewer { get; private set; } = CurrentAccount.Anonymous;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Viewer = HttpContext.Account();
        Scope = Viewer.People;
        var people = db.People.AsNoTracking().VisibleTo(Scope).Where(p => p.AnonymizedUtc == null);
        if (Kind == "estudiantes") people = people.Where(p => p.Audience == Audience.Student);
        else if (Kind == "funcionarios") people = people.Where(p => p.Audience == Audience.Staff);
        var q = (Query ?? "").Trim();
        if (q.Length > 0)
        {
            var number = DocumentRules.Normalize(q);
            var words = q.ToLower().Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(5).ToList();
            var byName = people;
            foreach (var word in words)
                byName = byName.Where(p => (p.GivenNames + " " + p.FamilyNames).ToLower().Contains(word));
            people = number.Length >= 3 && number.Any(char.IsAsciiDigit)
                ? people.Where(p => p.DocumentNumber.StartsWith(number))
                : byName;
        }
        Rows = await people.OrderBy(p => p.FamilyNames).ThenBy(p => p.GivenNames).ThenBy(p => p.Id)
            .ToPageAsync(PageNumber, p => new Row(p.Id, p.GivenNames + " " + p.FamilyNames, p.DocumentType, p.DocumentNumber, p.Audience,
                p.Audience == Audience.Student ? p.Colegio!.Name : p.Dependencia!.Name, p.Grade), ct);
    }

    public string PageUrl(int page) => Paging.WithParameter("/admin/personas", [new("q", Query), new("tipo", Kind)], "pagina", page);
}
