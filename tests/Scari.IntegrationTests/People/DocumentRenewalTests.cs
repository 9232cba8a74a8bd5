using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Certificates;
using Scari.Web.Features.People;
using Scari.Web.Features.People.Import;
using Scari.Web.Features.Privacy;

namespace Scari.IntegrationTests.People;

/// <summary>
/// A person's document changes (TI → CC at 18, or a mistyped number fixed): renewals keep naming the person for sign-in,
/// certificate checks and imports; corrections never do. On PostgreSQL and on SQLite.
/// </summary>
public abstract class DocumentRenewalTests(IAppFixture fixture)
{
    private static readonly PeopleScope Everyone = new(true, null, null, null);
    private ScariAppFactory App => fixture.App;

    private Task<DocumentChangeResult> ChangeAsync(int personId, DocumentType type, string number, DocumentChangeKind kind, DateOnly? on = null) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<DocumentChanges>().ChangeAsync(Everyone, personId, type, number, kind, on, null, default));

    private Task<int?> LookupAsync(DocumentType type, string number) =>
        App.WithDbAsync(db => DocumentLookup.PersonIdAsync(db, type, number, default));

    private Task<string?> SignInAccountAsync(string typed) =>
        App.WithScopeAsync(async sp =>
        {
            var (user, _) = await AccountLookup.FindAsync(sp.GetRequiredService<ScariDbContext>(), sp.GetRequiredService<UserManager<ScariUser>>(), typed, default);
            return user?.Id;
        });

    private Task<string> UserNameAsync(int personId) =>
        App.WithDbAsync(db => db.Users.Where(u => u.PersonId == personId).Select(u => u.UserName!).SingleAsync());

    private async Task<int> StudentWithAccountAsync(string number, string given, string family)
    {
        var colegio = await App.ColegioIdAsync("IE001");
        var id = await App.CreateStudentAsync(colegio, number, given, family, birthDate: new DateOnly(2007, 3, 1));
        await App.IssueCodesAsync(id);
        return id;
    }

    [Fact]
    public async Task A_TI_renewed_as_a_CC_with_the_same_number_keeps_the_old_user_name_as_an_alias_and_new_slips_print_the_CC()
    {
        var id = await StudentWithAccountAsync("1043900001", "Valentina", "Renovada");
        var account = await SignInAccountAsync("TI-1043900001");
        Assert.NotNull(account);

        var result = await ChangeAsync(id, DocumentType.CC, "1043900001", DocumentChangeKind.Renewal, new DateOnly(2025, 3, 2));
        Assert.True(result.Succeeded, result.Error);

        var history = await App.WithDbAsync(db => db.PersonDocuments.Where(d => d.PersonId == id).ToListAsync());
        var former = Assert.Single(history);
        Assert.Equal((DocumentType.TI, "1043900001", DocumentChangeKind.Renewal, new DateOnly(2025, 3, 2)), (former.DocumentType, former.DocumentNumber, former.Kind, former.ChangedOn));
        Assert.Equal((DocumentType.CC, "1043900001"), (former.NewDocumentType, former.NewDocumentNumber));

        Assert.Equal("CC-1043900001", await UserNameAsync(id));
        Assert.Equal(account, await SignInAccountAsync("CC-1043900001"));
        Assert.Equal(account, await SignInAccountAsync("TI-1043900001")); // the old user name, as an alias
        Assert.Equal(account, await SignInAccountAsync("ti 1.043.900.001"));
        Assert.Equal(account, await SignInAccountAsync("1043900001"));
        Assert.Equal(id, await LookupAsync(DocumentType.TI, "1043900001"));

        var slip = Assert.Single(await App.IssueCodesAsync(id));
        Assert.Equal((DocumentType.CC, "1043900001"), (slip.DocumentType, slip.DocumentNumber));
        // The person's page lists the former document as a renewal.
        using var admin = await AdminAsync("renovacion.ficha@scari.test");
        var page = FormPosting.Parse(await admin.GetStringAsync($"/admin/personas/{id}"));
        var row = page.QuerySelector(".document-history tbody tr")!.TextContent;
        Assert.Contains("TI 1043900001", row);
        Assert.Contains("Renovación", row);
    }

    [Fact]
    public async Task Anonymizing_a_renewed_person_keeps_none_of_their_former_documents()
    {
        var id = await StudentWithAccountAsync("1043900009", "Olvido", "Renovado");
        Assert.True((await ChangeAsync(id, DocumentType.CC, "1001900009", DocumentChangeKind.Renewal)).Succeeded);
        Assert.Equal(1, await App.WithDbAsync(db => db.PersonDocuments.CountAsync(d => d.PersonId == id)));

        var result = await App.WithScopeAsync(sp => sp.GetRequiredService<PrivacyAnonymizer>().AnonymizeAsync(id, "Solicitud del titular", default));
        Assert.Equal(AnonymizeResult.Anonymized, result);
        Assert.Equal(0, await App.WithDbAsync(db => db.PersonDocuments.CountAsync(d => d.PersonId == id)));
        Assert.False(await App.WithDbAsync(db => db.PersonDocuments.AnyAsync(d => d.DocumentNumber == "1043900009")));
        Assert.Null(await LookupAsync(DocumentType.TI, "1043900009"));
        Assert.Null(await SignInAccountAsync("TI-1043900009"));
    }

    [Fact]
    public async Task A_TI_renewed_as_a_CC_with_another_number_still_signs_in_and_confirms_old_certificates()
    {
        var id = await StudentWithAccountAsync("1043900002", "Mateo", "Numeronuevo");
        var account = await SignInAccountAsync("TI-1043900002");
        var code = await CertificateForAsync(id);

        Assert.True((await ChangeAsync(id, DocumentType.CC, "1001900002", DocumentChangeKind.Renewal)).Succeeded);

        Assert.Equal(account, await SignInAccountAsync("CC-1001900002"));
        Assert.Equal(account, await SignInAccountAsync("TI-1043900002"));
        Assert.Equal(account, await SignInAccountAsync("1043900002"));
        Assert.Equal(id, await LookupAsync(DocumentType.TI, "1043900002"));
        // The certificate was issued to the TI: asked with the new CC (or the TI it shows), the answer is yes.
        Assert.Equal(DocumentAnswer.Yes, await AskAsync(code, "CC", "1001900002"));
        Assert.Equal(DocumentAnswer.Yes, await AskAsync(code, "TI", "1043900002"));
        Assert.Equal(DocumentAnswer.No, await AskAsync(code, "CC", "1001900099"));
        // Nobody else can be registered with the renewed TI.
        var colegio = await App.ColegioIdAsync("IE001");
        var created = await App.WithScopeAsync(sp => sp.GetRequiredService<PersonEditor>().CreateAsync(Everyone, Audience.Student,
            Input(DocumentType.TI, "1043900002", "Otra", "Persona", colegio), null, default));
        Assert.False(created.Succeeded);
        Assert.Contains("documento anterior de otra persona", created.Errors[nameof(PersonInput.DocumentNumber)]);
    }

    [Fact]
    public async Task A_corrected_number_stays_in_the_history_but_never_signs_in_or_matches_and_may_belong_to_someone_else()
    {
        var id = await StudentWithAccountAsync("1043900003", "Lucía", "Corregida");
        var account = await SignInAccountAsync("TI-1043900003");

        var result = await ChangeAsync(id, DocumentType.TI, "1043900030", DocumentChangeKind.Correction);
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(DocumentChangeKind.Correction, await App.WithDbAsync(db => db.PersonDocuments.Where(d => d.PersonId == id).Select(d => d.Kind).SingleAsync()));

        Assert.Equal("TI-1043900030", await UserNameAsync(id));
        Assert.Equal(account, await SignInAccountAsync("TI-1043900030"));
        Assert.Null(await SignInAccountAsync("TI-1043900003"));
        Assert.Null(await SignInAccountAsync("1043900003"));
        Assert.Null(await LookupAsync(DocumentType.TI, "1043900003"));

        // The mistyped number was someone else's: they can be registered with it.
        var colegio = await App.ColegioIdAsync("IE001");
        var created = await App.WithScopeAsync(sp => sp.GetRequiredService<PersonEditor>().CreateAsync(Everyone, Audience.Student,
            Input(DocumentType.TI, "1043900003", "Dueño", "Real", colegio), null, default));
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Values));
        Assert.Equal(created.PersonId, await LookupAsync(DocumentType.TI, "1043900003"));
    }

    [Fact]
    public async Task A_document_changed_on_the_person_form_is_recorded_as_a_correction_and_refusals_are_in_Spanish()
    {
        var id = await StudentWithAccountAsync("1043900004", "Andrés", "Formulario");
        var other = await StudentWithAccountAsync("1043900040", "Otro", "Estudiante");
        var saved = await App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ScariDbContext>();
            var input = PersonInput.From(await db.People.AsNoTracking().SingleAsync(p => p.Id == id));
            input.DocumentNumber = "1043900044";
            return await sp.GetRequiredService<PersonEditor>().UpdateAsync(Everyone, id, input, null, default);
        });
        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.Values));
        Assert.Equal(DocumentChangeKind.Correction, await App.WithDbAsync(db => db.PersonDocuments.Where(d => d.PersonId == id).Select(d => d.Kind).SingleAsync()));
        Assert.Equal("TI-1043900044", await UserNameAsync(id));

        Assert.Contains("mismo documento", (await ChangeAsync(id, DocumentType.TI, "1043900044", DocumentChangeKind.Renewal)).Error);
        Assert.Contains("Ya existe una persona", (await ChangeAsync(id, DocumentType.TI, "1043900040", DocumentChangeKind.Renewal)).Error);
        Assert.Contains("documentos anteriores de esta persona", (await ChangeAsync(id, DocumentType.TI, "1043900004", DocumentChangeKind.Renewal)).Error);
        Assert.Contains("solo dígitos", (await ChangeAsync(id, DocumentType.CC, "10A3", DocumentChangeKind.Renewal)).Error);
        Assert.Contains("posterior a hoy", (await ChangeAsync(id, DocumentType.CC, "1043900044", DocumentChangeKind.Renewal, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3))).Error);
        // A coordinator of another colegio does not find the person.
        var elsewhere = await App.WithScopeAsync(sp => sp.GetRequiredService<DocumentChanges>().ChangeAsync(new PeopleScope(false, -5, null, null), other, DocumentType.CC, "1043900040", DocumentChangeKind.Renewal, null, null, default));
        Assert.True(elsewhere.NotFound);
    }

    [Fact]
    public async Task The_renewal_page_changes_the_document_through_a_form()
    {
        var id = await StudentWithAccountAsync("1043900005", "Sofía", "Pagina");
        using var admin = await AdminAsync("renovacion.pagina@scari.test");
        var url = $"/admin/personas/{id}/documento";
        using var empty = await admin.PostFormAsync(url, new() { ["Input.DocumentType"] = "CC", ["Input.DocumentNumber"] = "1043900005" });
        Assert.Contains("Elija si es una renovación", await empty.Content.ReadAsStringAsync());
        using var done = await admin.PostFormAsync(url, new()
        {
            ["Input.Kind"] = "Renewal", ["Input.DocumentType"] = "CC", ["Input.DocumentNumber"] = "1043900005", ["Input.ChangedOn"] = "2025-06-01",
        });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal((DocumentType.CC, "1043900005"), await App.WithDbAsync(db => db.People.Where(p => p.Id == id).Select(p => new { p.DocumentType, p.DocumentNumber }).SingleAsync().ContinueWith(t => (t.Result.DocumentType, t.Result.DocumentNumber))));
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "person.document-renewed" && a.TargetId == id.ToString())));
    }

    [Fact]
    public async Task An_import_row_with_a_known_number_and_another_type_is_a_renewal_to_confirm_or_a_conflict_when_names_differ()
    {
        var id = await StudentWithAccountAsync("1043900006", "María José", "Pérez Gómez");
        await StudentWithAccountAsync("1043900007", "Carlos", "Distinto");
        var before = await App.WithDbAsync(db => db.People.CountAsync());

        // Same number as a CC, the same person written differently, now a public servant; and a stranger on another known number.
        var conflict = await UploadAsync(
            "CC;1043900006;Maria Jose;PEREZ  GOMEZ;servidor;SHAC;planta;Auxiliar;;;;2026-02-01",
            "CC;1043900007;Juliana;Otra;servidor;SHAC;planta;Auxiliar;;;;");
        var plan = await PreviewAsync(conflict);
        var problem = Assert.Single(plan.Problems);
        Assert.Equal(3, problem.Row);
        Assert.Contains("ya está registrado como TI de Carlos Distinto", problem.Message);

        var batch = await UploadAsync("CC;1043900006;Maria Jose;PEREZ  GOMEZ;servidor;SHAC;planta;Auxiliar;;;;2026-02-01");
        plan = await PreviewAsync(batch);
        Assert.Empty(plan.Problems);
        var renewal = Assert.Single(plan.Renewals);
        Assert.Equal((id, DocumentType.TI, DocumentType.CC), (renewal.PersonId, renewal.OldType, renewal.NewType));
        Assert.Equal((0, 1), (plan.Created, plan.Updated));

        // Not silently: without the confirmation nothing is written.
        var refused = await ConfirmAsync(batch, confirmed: false);
        Assert.False(refused.Imported);
        Assert.Equal(PeopleImport.RenewalsNotConfirmedMessage, refused.Message);
        Assert.Equal(DocumentType.TI, await App.WithDbAsync(db => db.People.Where(p => p.Id == id).Select(p => p.DocumentType).SingleAsync()));

        var imported = await ConfirmAsync(batch, confirmed: true);
        Assert.True(imported.Imported);
        Assert.Equal(before, await App.WithDbAsync(db => db.People.CountAsync()));
        var person = await App.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal((DocumentType.CC, Audience.Staff, (int?)null), (person.DocumentType, person.Audience, person.ColegioId));
        var former = await App.WithDbAsync(db => db.PersonDocuments.SingleAsync(d => d.PersonId == id));
        Assert.Equal((DocumentType.TI, DocumentChangeKind.Renewal, new DateOnly(2026, 2, 1)), (former.DocumentType, former.Kind, former.ChangedOn));
        Assert.Equal("CC-1043900006", await UserNameAsync(id));
        // The audience changed from the row's date: before it, a student; after it, staff.
        var spans = await App.WithDbAsync(db => db.PersonAttributes.Where(a => a.PersonId == id).OrderBy(a => a.Id).Select(a => new { a.Audience, a.ValidFromUtc }).ToListAsync());
        Assert.Equal([Audience.Student, Audience.Staff], spans.Select(s => s.Audience));

        // A later sheet with the old TI finds the same person, never a new one.
        var old = await UploadAsync("TI;1043900006;Maria Jose;Perez Gomez;servidor;SHAC;planta;Auxiliar;;;;");
        plan = await PreviewAsync(old);
        Assert.Empty(plan.Problems);
        Assert.Empty(plan.Renewals);
        Assert.Equal(0, plan.Created);
    }

    private async Task<string> CertificateForAsync(int personId) =>
        await App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ScariDbContext>();
            var completion = new Scari.Web.Features.Learning.Completion
            {
                PersonId = personId, CourseId = "pensamiento-computacional", Source = Scari.Web.Features.Learning.CompletionSource.InPerson,
                CompletedUtc = DateTime.UtcNow.AddDays(-30), Hours = 8,
            };
            db.Completions.Add(completion);
            await db.SaveChangesAsync();
            var certificate = await sp.GetRequiredService<CertificateIssuer>().IssueAsync(completion.Id, default);
            return certificate!.Code;
        });

    private Task<DocumentAnswer> AskAsync(string code, string type, string number) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<DocumentConfirmation>().AskAsync(code, type, number, default));

    private const string Header = "tipo_documento;numero_documento;nombres;apellidos;publico;dependencia;vinculo;cargo;colegio;grado;fecha_nacimiento;vigente_desde";

    private Task<int> UploadAsync(params string[] rows) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<PeopleImport>().UploadAsync("renovaciones.csv",
            Encoding.UTF8.GetBytes(string.Join("\r\n", [Header, .. rows])), "prueba", "prueba", default));

    private Task<ImportPlan> PreviewAsync(int batchId) =>
        App.WithScopeAsync(async sp =>
        {
            var import = sp.GetRequiredService<PeopleImport>();
            return await import.PreviewAsync((await import.FindPendingAsync(batchId, "prueba", true, default))!, Everyone, default);
        });

    private Task<ImportOutcome> ConfirmAsync(int batchId, bool confirmed) =>
        App.WithScopeAsync(async sp =>
        {
            var import = sp.GetRequiredService<PeopleImport>();
            return await import.ConfirmAsync((await import.FindPendingAsync(batchId, "prueba", true, default))!, Everyone, null, default, confirmed);
        });

    private async Task<HttpClient> AdminAsync(string email)
    {
        await App.CreateUserAsync(email, Roles.Administrador);
        return await App.SignedInClientAsync(email);
    }

    private static PersonInput Input(DocumentType type, string number, string given, string family, int colegio) => new()
    {
        DocumentType = type, DocumentNumber = number, GivenNames = given, FamilyNames = family,
        ColegioId = colegio, Grade = "11", BirthDate = new DateOnly(2006, 1, 1),
    };
}

public sealed class PostgresDocumentRenewalTests(PostgresApp app) : DocumentRenewalTests(app), IClassFixture<PostgresApp>;

public sealed class SqliteDocumentRenewalTests(SqliteApp app) : DocumentRenewalTests(app), IClassFixture<SqliteApp>;
