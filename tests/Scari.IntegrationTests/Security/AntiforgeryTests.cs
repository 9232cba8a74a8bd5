using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Content;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Certificates;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;
using Scari.Web.Features.People.Import;
using Scari.Web.Features.InPerson;

namespace Scari.IntegrationTests.Security;

/// <summary>
/// Every page, opened with ids that exist (a person, an account, a cohort, a session, an import, a merge, a
/// publication, a certificate, an attempt) by every role: each POST form carries the antiforgery token, and the same
/// POST without it is refused with 400, page by page and form by form.
/// </summary>
public sealed class AntiforgeryTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private const string Course = "seguridad-digital";

    /// <summary>Pages whose forms sit behind an id: the walk must have opened each of them as someone who can.</summary>
    private static readonly string[] MustInspect =
    [
        "/admin/personas/{id:int}", "/admin/personas/{id:int}/editar", "/admin/personas/{id:int}/anonimizar", "/admin/personas/{id:int}/documento",
        "/admin/cuentas/{id}", "/admin/importar/{id:int}", "/admin/formacion-presencial/{id:int}", "/admin/cohortes/{id:int}",
        "/admin/personas/fusiones/{id:int}", "/encuestas/{curso}/{tipo?}", "/cursos/{curso}/{leccion}/intentos/{intento:int}",
    ];

    /// <summary>Routes that take POSTs without a token on purpose, and why.</summary>
    private static readonly string[] WithoutToken =
    [
        "/error/{code:int?}", // re-executed error pages answer any method
    ];

    internal sealed record World(Dictionary<string, string> Values, Dictionary<string, HttpClient> Clients);

    [Fact]
    public async Task Every_post_form_of_every_page_as_every_role_carries_the_token_and_is_refused_without_it()
    {
        var app = fixture.App;
        var world = await SeedAsync(app);
        var database = new Npgsql.NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString).Database!;
        try
        {
            // Opening a page writes nothing, and neither does a POST refused for its missing token: every GET of the walk
            // and every forged POST runs while the fixture's database records its write statements.
            var (_, writes) = await SqlWrites.RecordDatabaseAsync(database, () => WalkAsync(app, world));
            var written = writes.Statements.Where(s => !WrittenOnAnyRequest.Contains(s.Table)).Select(s => $"{s.Verb} {s.Table}").Distinct().ToList();
            Assert.True(written.Count == 0, $"abrir páginas escribió en la base: {string.Join(", ", written)}");
        }
        finally
        {
            foreach (var client in world.Clients.Values) client.Dispose();
        }
    }

    /// <summary>Tables written while the walk runs by work that is not a request, and why.</summary>
    private static readonly string[] WrittenOnAnyRequest =
    [
        "OutboxMessages", // the mail outbox's background delivery sends what the seeding queued (sign-ups, certificates)
        "UserSessions",   // a session's last activity, refreshed at most once a minute on any request (AccountSessions), for idle limits
    ];

    private static async Task<bool> WalkAsync(ScariAppFactory app, World world)
    {
        {
            var pages = AppRoutes.All(app).Where(r => r.IsPage && AppRoutes.Accepts(r, "GET")).ToList();
            var inspected = new HashSet<string>();
            var statuses = new List<string>();
            var formsSeen = 0;
            var missing = new List<string>();
            var accepted = new List<string>();
            foreach (var route in pages)
                foreach (var (role, client) in world.Clients)
                {
                    var url = AppRoutes.SampleUrl(route, world.Values);
                    using var response = await client.GetAsync(url);
                    if (MustInspect.Contains(route.Pattern)) statuses.Add($"{role} {url}: {(int)response.StatusCode}");
                    if (response.StatusCode != HttpStatusCode.OK) continue;
                    inspected.Add(route.Pattern);
                    var document = FormPosting.Parse(await response.Content.ReadAsStringAsync());
                    var actions = new HashSet<string> { url };
                    foreach (var form in document.Forms.Where(f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase)))
                    {
                        formsSeen++;
                        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : url;
                        actions.Add(action);
                        if (form.QuerySelector("input[type=hidden][name=__RequestVerificationToken]") is null)
                            missing.Add($"{role} {url}: formulario hacia «{action}»");
                    }
                    if (WithoutToken.Contains(route.Pattern)) continue;
                    // The same requests without the token (the antiforgery cookie is there, as in a forged cross-site POST).
                    foreach (var action in actions.Where(a => a.StartsWith('/')))
                    {
                        using var forged = await client.PostAsync(action, new FormUrlEncodedContent([new("Input.Name", "x")]));
                        if (forged.StatusCode != HttpStatusCode.BadRequest)
                            accepted.Add($"{role} POST {action} sin token: {(int)forged.StatusCode}");
                    }
                }

            Assert.True(formsSeen > 50, $"solo {formsSeen} formularios: ¿se recorrieron las páginas?");
            Assert.Empty(missing);
            Assert.Empty(accepted);
            var notOpened = MustInspect.Except(inspected).ToList();
            Assert.True(notOpened.Count == 0, $"páginas con formularios que nadie pudo abrir: {string.Join(", ", notOpened)}\n{string.Join("\n", statuses)}");
        }
        return true;
    }

    /// <summary>The world the walk opens: also read by <see cref="SpanishTextTests"/>, which walks the same pages for English words.</summary>
    internal static async Task<World> SeedAsync(ScariAppFactory app)
    {
        var catalog = app.Services.GetRequiredService<CourseCatalog>();
        var course = catalog.Find(Course)!;
        var lesson = course.Lessons.First();
        var quiz = course.Quizzes.First();
        var dependencia = await app.WithDbAsync(db => db.Dependencias.OrderBy(d => d.Id).Select(d => d.Id).FirstAsync());
        var colegio = await app.WithDbAsync(db => db.Colegios.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());

        // A civil servant with an account, enrolled, with an attempt, a completion and a certificate.
        var learner = await app.WithDbAsync(async db =>
        {
            var p = new Person
            {
                DocumentType = DocumentType.CC, DocumentNumber = "1047000001", GivenNames = "Laura", FamilyNames = "Pájaro",
                Email = "laura.pajaro@correo.test", Audience = Audience.Staff, DependenciaId = dependencia, Vinculo = Vinculo.Planta,
                Cargo = "Profesional", CreatedUtc = DateTime.UtcNow,
            };
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });
        var learnerUser = await app.CreateUserAsync("laura.pajaro@correo.test", Roles.Aprendiz);
        await app.LinkAccountAsync(learnerUser.Id, learner);
        await app.WithScopeAsync(sp => sp.GetRequiredService<Scari.Web.Features.Enrollment.EnrollPerson>().SelfAsync(learner, Course, default));
        var learnerClient = await app.SignedInClientAsync("laura.pajaro@correo.test");
        var quizUrl = $"/cursos/{Course}/{quiz.Id}";
        using var submitted = await learnerClient.AnswerQuizAsync(app, quizUrl, new() { [0] = [0] });
        var attempt = await app.WithDbAsync(db => db.QuizAttempts.Where(a => a.SubmittedUtc != null).Select(a => a.Id).FirstAsync());
        var completion = await app.WithDbAsync(async db =>
        {
            var version = await db.CourseVersions.Where(v => v.CourseId == Course && v.IsCurrent).SingleAsync();
            var c = new Completion
            {
                PersonId = learner, CourseId = Course, CourseVersionId = version.Id, Source = CompletionSource.Online,
                CompletedUtc = DateTime.UtcNow.AddDays(-1), Hours = version.Hours,
            };
            db.Completions.Add(c);
            await db.SaveChangesAsync();
            return c.Id;
        });
        var certificate = await app.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().IssueAsync(completion, default));

        // A student, a cohort, an in-person session with a tutor, two records merged, a pending import, a publication.
        var student = await app.CreateStudentAsync(colegio, "1047000002", "Mateo", "Barrios", birthDate: new DateOnly(2006, 5, 4));
        var cohort = await app.CreateCohortAsync("Grupo de la revisión", Course, colegio);
        var tutor = await app.CreateUserAsync("tutora@scari.test", Roles.Tutor);
        var session = await app.WithDbAsync(async db =>
        {
            var s = new TrainingSession
            {
                Name = "Taller de contraseñas", ActivityKey = "taller-contrasenas", Date = new DateOnly(2026, 3, 2), Hours = 2,
                TutorName = "Tutora", TutorUserId = tutor.Id, CreatedUtc = DateTime.UtcNow,
            };
            db.TrainingSessions.Add(s);
            await db.SaveChangesAsync();
            return s.Id;
        });
        var twin = await app.CreateStudentAsync(colegio, "1047000003", "Mateo", "Barrios", birthDate: new DateOnly(2006, 5, 4));
        var survivor = await app.CreateStudentAsync(colegio, "1047000004", "Mateo", "Barrios", DocumentType.CC, birthDate: new DateOnly(2006, 5, 4));
        var merge = await app.WithScopeAsync(sp => sp.GetRequiredService<MergePeople>().MergeAsync(new PeopleScope(true, null, null, null),
            new MergeRequest(survivor, twin, null, DocumentChangeKind.Renewal), null, default));
        Assert.True(merge.Succeeded, merge.Error);
        var admin = await app.CreateUserAsync("formularios@scari.test", Roles.Administrador);
        var batch = await app.WithScopeAsync(sp => sp.GetRequiredService<PeopleImport>().UploadAsync("personas.csv",
            "tipo_documento,numero_documento,nombres,apellidos,publico,colegio,grado,fecha_nacimiento\nTI,1047000005,Sara,Julio,estudiante,IE001,10,2010-01-01\n"u8.ToArray(),
            admin.Id, "Administradora", default));
        var indicator = app.Services.GetRequiredService<IndicatorDefinitions>().All.First();
        var publication = await app.WithScopeAsync(sp => sp.GetRequiredService<CutoffPublishing>().PublishAsync(indicator.Id,
            DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2)), admin.Id, "Administradora", default));
        Assert.Null(publication.Error);
        var coordinator = await app.CreateCoordinatorAsync("coordinacion@scari.test", dependenciaId: dependencia);

        var values = new Dictionary<string, string>
        {
            ["curso"] = Course, ["leccion"] = lesson.Id, ["intento"] = attempt.ToString(),
            [$"/cursos/{{curso}}/{{leccion}}/intentos/{{intento:int}}|leccion"] = quiz.Id,
            [$"/cursos/{{curso}}/{{leccion}}/avance|leccion"] = quiz.Id,
            ["indicador"] = indicator.Id, ["tipo"] = "dependencias", ["/encuestas/{curso}/{tipo?}|tipo"] = "", ["tabla"] = "personas", ["formato"] = "csv",
            ["completionId"] = completion.ToString(), ["codigo"] = certificate!.Code,
            ["/admin/personas/{id:int}|id"] = learner.ToString(), ["/admin/personas/{id:int}/editar|id"] = student.ToString(),
            ["/admin/personas/{id:int}/anonimizar|id"] = learner.ToString(), ["/admin/personas/{id:int}/documento|id"] = student.ToString(),
            ["/admin/cuentas/{id}|id"] = coordinator.Id, ["/admin/importar/{id:int}|id"] = batch.ToString(),
            ["/admin/formacion-presencial/{id:int}|id"] = session.ToString(), ["/admin/cohortes/{id:int}|id"] = cohort.ToString(),
            ["/admin/cohortes/{id:int}/calificaciones|id"] = cohort.ToString(), ["/admin/personas/fusiones/{id:int}|id"] = merge.MergeId!.Value.ToString(),
            ["/admin/cobertura/{tipo:regex(^(dependencias|colegios)$)}/{id:int}|id"] = dependencia.ToString(),
            ["/indicadores/cortes/{id:int}|id"] = publication.Publication!.Id.ToString(),
        };
        var clients = new Dictionary<string, HttpClient>
        {
            ["anónimo"] = app.CreateBrowserLikeClient(),
            ["aprendiz"] = learnerClient,
            ["tutor"] = await app.SignedInClientAsync("tutora@scari.test"),
            ["coordinador"] = await app.SignedInClientAsync("coordinacion@scari.test"),
            ["administrador"] = await app.SignedInClientAsync("formularios@scari.test"),
        };
        return new World(values, clients);
    }
}
