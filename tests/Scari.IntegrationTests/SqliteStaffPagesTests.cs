using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Admin;
using Scari.Web.Features.Certificates;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;
using Scari.Web.Features.People.Import;
using Scari.Web.Features.InPerson;

namespace Scari.IntegrationTests;

/// <summary>
/// Every staff page, the indicator dashboard with its drill-down and exports, and the public pages and API, on the
/// zero-setup SQLite default: the queries that PostgreSQL runs in the other tests must translate, filter and page
/// the same way here. One small world (see <see cref="StaffWorld"/>) is seeded once; each list has a page and a bit.
/// </summary>
public sealed class SqliteStaffPagesTests(SqliteStaffPagesTests.StaffWorld world) : IClassFixture<SqliteStaffPagesTests.StaffWorld>
{
    private ScariAppFactory App => world.App;

    /// <summary>(who, URL with {placeholders} of the world, a text only the query's result can put there).</summary>
    public static TheoryData<string, string, string> StaffPages => new()
    {
        // Administrator: every list, its filters and its second page.
        { Roles.Administrador, "/admin/sistema", "SQLite" },
        { Roles.Administrador, "/admin/personas?tipo=estudiantes", "Ángela Núñez Peña" },
        { Roles.Administrador, "/admin/personas?q=listada&tipo=funcionarios&pagina=2", "Página 2 de 2 · 53 en total" },
        { Roles.Administrador, "/admin/personas/{angela}", "Pensamiento computacional y programación" },
        { Roles.Administrador, "/admin/personas/{angela}/editar", "Núñez Peña" },
        { Roles.Administrador, "/admin/personas/{angela}/anonimizar", "no se puede deshacer" },
        { Roles.Administrador, "/admin/personas/codigos", "Colegio SQLite de Pruebas" },
        { Roles.Administrador, "/admin/certificados", "Página 1 de 2 · 54 en total" },
        { Roles.Administrador, "/admin/certificados?curso=seguridad-digital&estado=vigente&pagina=2", "Página 2 de 2 · 53 en total" },
        { Roles.Administrador, "/admin/certificados?q=listada&cohorte={cohorte}", "No hay certificados" },
        { Roles.Administrador, "/admin/certificados?cohorte={cohorte}&desde=2026-01-01&hasta=2027-12-31", "{codigo}" },
        { Roles.Administrador, "/admin/certificados?estado=revocado", "No hay certificados" },
        { Roles.Administrador, "/admin/importar", "Página 1 de 2 · 52 en total" },
        { Roles.Administrador, "/admin/importar?pagina=2", "lote-sqlite-00.csv" },
        { Roles.Administrador, "/admin/formacion-presencial", "Página 1 de 2 · 56 en total" },
        { Roles.Administrador, "/admin/formacion-presencial?pagina=2", "Sesión SQLite 00" },
        { Roles.Administrador, "/admin/formacion-presencial/{sesion}", "Listada Sqlite, Funcionaria 00" },
        { Roles.Administrador, "/admin/formacion-presencial/{sesion}?buscar=luz%20marina", "ÁLVAREZ ROJAS, LUZ MARINA" },
        { Roles.Administrador, "/admin/formacion-presencial/importar", "Archivo CSV" },
        { Roles.Administrador, "/admin/auditoria", "Certificado emitido" },
        { Roles.Administrador, "/admin/auditoria?accion=prueba.sqlite", "Érika Auditora" },
        { Roles.Administrador, "/admin/auditoria?accion=prueba.sqlite&pagina=2", "Página 2 de 2 · 55 en total" },
        { Roles.Administrador, "/admin/auditoria?tipoobjeto=Prueba&objeto=7&desde=2026-01-01&hasta=2099-12-31", "Entrada de prueba 7" },
        { Roles.Administrador, "/admin/cohortes", "Cohorte SQLite" },
        { Roles.Administrador, "/admin/cohortes/{cohorte}", "Ángela Núñez Peña" },
        { Roles.Administrador, "/admin/cohortes/nueva", "Pensamiento computacional y programación" },
        { Roles.Administrador, "/admin/inscripciones?curso=pensamiento-computacional", "LUZ MARINA ÁLVAREZ ROJAS" },
        { Roles.Administrador, "/admin/inscripciones?curso=seguridad-digital&pagina=2", "Página 2 de 2 · 53 en total" },
        { Roles.Administrador, "/admin/cuentas", "tutora.sqlite@scari.test" },
        { Roles.Administrador, "/admin/catalogos", "Secretaría SQLite de Pruebas" },
        { Roles.Administrador, "/admin/contenido", "seguridad-digital" },
        // Coordinator of the colegio: only its students.
        { Roles.Coordinador, "/admin", "Indicadores del plan de desarrollo" },
        { Roles.Coordinador, "/admin/personas", "LUZ MARINA ÁLVAREZ ROJAS" },
        { Roles.Coordinador, "/admin/certificados", "Ángela Núñez Peña" },
        { Roles.Coordinador, "/admin/cohortes/{cohorte}", "LUZ MARINA ÁLVAREZ ROJAS" },
        { Roles.Coordinador, "/admin/inscripciones", "Ángela Núñez Peña" },
        { Roles.Coordinador, "/admin/importar", "Todavía no hay importaciones." },
        { Roles.Coordinador, "/admin/indicadores/jovenes-4r", "Colegio SQLite de Pruebas" },
        { Roles.Coordinador, "/admin/indicadores/jovenes-4r/personas", "Núñez Peña, Ángela" },
        // Tutor: the session and the cohort handed to them.
        { Roles.Tutor, "/admin", "Formación presencial" },
        { Roles.Tutor, "/admin/formacion-presencial", "Taller SQLite de ciberseguridad" },
        { Roles.Tutor, "/admin/formacion-presencial/{sesion}", "Listada Sqlite, Funcionaria 00" },
        { Roles.Tutor, "/admin/formacion-presencial/importar", "Solo puede importar asistencia a sus propias sesiones" },
        { Roles.Tutor, "/admin/cohortes", "Cohorte SQLite" },
        { Roles.Tutor, "/admin/cohortes/{cohorte}", "Ángela Núñez Peña" },
        // The dashboard and the people behind its numbers.
        { Roles.Administrador, "/admin/indicadores", "Funcionarios formados en TIC y 4RI" },
        { Roles.Administrador, "/admin/indicadores/funcionarios-tic", "Secretaría SQLite de Pruebas" },
        { Roles.Administrador, "/admin/indicadores/funcionarios-tic?corte=2026-06-30", "Funcionarios formados en TIC y 4RI" },
        { Roles.Administrador, "/admin/indicadores/funcionarios-tic/personas?pagina=2", "Página 2 de 2 · 53 en total" },
        { Roles.Administrador, "/admin/indicadores/funcionarios-tic/personas?dependencia={dependencia}&fuente=presencial", "Listada Sqlite, Funcionaria 00" },
        { Roles.Administrador, "/admin/indicadores/funcionarios-tic/personas?curso=seguridad-digital&vinculo=planta&mes={mes}", "Listada Sqlite, Funcionaria 01" },
    };

    [Theory]
    [MemberData(nameof(StaffPages))]
    public async Task A_staff_page_runs_its_queries_on_SQLite(string role, string url, string expected)
    {
        using var client = await App.SignedInClientAsync(world.Account(role));
        using var response = await client.GetAsync(world.Fill(url));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}\n{html[..Math.Min(html.Length, 3000)]}");
        Assert.Contains(world.Fill(expected), html);
    }

    [Theory]
    [InlineData("/admin/indicadores/funcionarios-tic/exportar/dependencias.csv", "text/csv", "Secretaría SQLite de Pruebas")]
    [InlineData("/admin/indicadores/funcionarios-tic/exportar/cursos.csv", "text/csv", "Política de seguridad digital")]
    [InlineData("/admin/indicadores/funcionarios-tic/personas?formato=csv", "text/csv", "Listada Sqlite;Funcionaria 52")]
    [InlineData("/admin/indicadores/funcionarios-tic/exportar/todo.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK")]
    [InlineData("/admin/indicadores/funcionarios-tic/personas?formato=xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK")]
    [InlineData("/admin/indicadores/funcionarios-tic/exportar/informe.pdf", "application/pdf", "%PDF")]
    public async Task The_dashboard_exports_run_on_SQLite(string url, string mediaType, string expected)
    {
        using var client = await App.SignedInClientAsync(world.Account(Roles.Administrador));
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, System.Text.Encoding.UTF8.GetString(body));
    }

    [Theory]
    [InlineData("/indicadores", "Funcionarios formados en TIC y 4RI")]
    [InlineData("/verificar/{codigo}", "Válido")]
    [InlineData("/verificar/{codigo}", "Ángela Núñez Peña")]
    [InlineData("/api/v1/cursos", "pensamiento-computacional")]
    [InlineData("/api/v1/cursos/seguridad-digital", "Política de seguridad digital")]
    [InlineData("/api/v1/certificados/{codigo}", "\"valid\"")]
    [InlineData("/api/v1/indicadores", "funcionarios-tic")]
    public async Task A_public_page_or_API_answers_on_SQLite(string url, string expected)
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync(world.Fill(url));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(world.Fill(expected), WebUtility.HtmlDecode(body));
    }

    [Fact]
    public async Task The_public_indicator_API_counts_the_staff_trained_online_and_in_person()
    {
        using var client = App.CreateClient();
        var json = JsonSerializer.Deserialize<JsonElement>(await client.GetStringAsync("/api/v1/indicadores"));
        var staff = json.EnumerateArray().Single(i => i.GetProperty("id").GetString() == "funcionarios-tic");
        // 53 staff with an online completion; Funcionaria 00's in-person one is the same person.
        Assert.Equal(53, staff.GetProperty("count").GetInt32());
    }

    /// <summary>
    /// Searches fold case the way PostgreSQL's lower() does, accented capitals included (SQLite's own lower() only
    /// folds A–Z); neither provider ignores accents, so "álvarez" is what a staff member types.
    /// </summary>
    [Theory]
    [InlineData(Roles.Administrador, "/admin/personas?q=ÁNGELA%20NÚÑEZ", "Ángela Núñez Peña")]
    [InlineData(Roles.Administrador, "/admin/personas?q=álvarez", "LUZ MARINA ÁLVAREZ ROJAS")]
    [InlineData(Roles.Coordinador, "/admin/personas?q=ángela", "Ángela Núñez Peña")]
    [InlineData(Roles.Administrador, "/admin/certificados?q=ÁNGELA", "{codigo}")]
    [InlineData(Roles.Administrador, "/admin/inscripciones?curso=pensamiento-computacional&q=álvarez", "LUZ MARINA ÁLVAREZ ROJAS")]
    [InlineData(Roles.Administrador, "/admin/cohortes/{cohorte}?q=ÁNGELA", "Ángela Núñez Peña")]
    [InlineData(Roles.Administrador, "/admin/formacion-presencial/{sesion}?buscar=ángela", "Núñez Peña, Ángela")]
    [InlineData(Roles.Administrador, "/admin/auditoria?actor=ÉRIKA", "Érika Auditora")]
    public async Task A_search_with_accented_capitals_finds_the_same_people_as_on_PostgreSQL(string role, string url, string expected)
    {
        using var client = await App.SignedInClientAsync(world.Account(role));
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(world.Fill(url)));

        Assert.Contains(world.Fill(expected), html);
    }

    /// <summary>
    /// The world, seeded once: a dependencia with 53 staff who finished "Política de seguridad digital" (certificates
    /// issued by <see cref="CertificateIssuer"/>), Funcionaria 00 also at an in-person workshop handed to the tutor; a
    /// colegio with two students in a cohort of the tutor, one with progress, a passed quiz, a completion and a
    /// certificate; 56 sessions, 52 import batches and 55 audit entries of a test action.
    /// </summary>
    public sealed class StaffWorld : SqliteApp
    {
        private readonly Dictionary<string, string> _values = [];
        private readonly Dictionary<string, string> _accounts = [];

        public string Account(string role) => _accounts[role];

        public string Fill(string text) => _values.Aggregate(text, (t, kv) => t.Replace("{" + kv.Key + "}", kv.Value, StringComparison.Ordinal));

        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            var app = App;
            var colegio = await app.CreateColegioAsync("SQL-C", "Colegio SQLite de Pruebas");
            var dependencia = await app.WithDbAsync(async db =>
            {
                var d = new Dependencia { Code = "SQL-D", Name = "Secretaría SQLite de Pruebas" };
                db.Dependencias.Add(d);
                await db.SaveChangesAsync();
                return d.Id;
            });
            var admin = await app.CreateUserAsync("admin.sqlite@scari.test", Roles.Administrador);
            await app.CreateCoordinatorAsync("coordinadora.sqlite@scari.test", colegioId: colegio);
            var tutor = await app.CreateUserAsync("tutora.sqlite@scari.test", Roles.Tutor, fullName: "Tutora Sqlite");
            _accounts[Roles.Administrador] = "admin.sqlite@scari.test";
            _accounts[Roles.Coordinador] = "coordinadora.sqlite@scari.test";
            _accounts[Roles.Tutor] = "tutora.sqlite@scari.test";

            // Staff: one online completion each, spread over the months of 2026 so far.
            var completedAt = new DateTime(2026, 2, 10, 15, 0, 0, DateTimeKind.Utc);
            var staffCompletions = await app.WithDbAsync(async db =>
            {
                var version = await db.CourseVersions.SingleAsync(v => v.CourseId == "seguridad-digital" && v.IsCurrent);
                var people = Enumerable.Range(0, 53).Select(i => new Person
                {
                    DocumentType = DocumentType.CC,
                    DocumentNumber = (1_077_000_000 + i).ToString(Bogota.Culture),
                    GivenNames = $"Funcionaria {i:D2}",
                    FamilyNames = "Listada Sqlite",
                    Audience = Audience.Staff,
                    DependenciaId = dependencia,
                    Vinculo = i % 2 == 1 ? Vinculo.Planta : Vinculo.Contratista,
                    CreatedUtc = DateTime.UtcNow,
                }).ToList();
                db.People.AddRange(people);
                await db.SaveChangesAsync();
                var enrollments = people.Select(p => new Enrollment
                {
                    PersonId = p.Id,
                    CourseId = version.CourseId,
                    CourseVersionId = version.Id,
                    Source = EnrollmentSource.Import,
                    EnrolledUtc = completedAt.AddDays(-30),
                    CompletedUtc = completedAt,
                }).ToList();
                db.Enrollments.AddRange(enrollments);
                await db.SaveChangesAsync();
                var completions = enrollments.Select(e => new Completion
                {
                    PersonId = e.PersonId,
                    CourseId = e.CourseId,
                    CourseVersionId = version.Id,
                    EnrollmentId = e.Id,
                    Source = CompletionSource.Online,
                    CompletedUtc = completedAt,
                    Hours = version.Hours,
                }).ToList();
                db.Completions.AddRange(completions);
                await db.SaveChangesAsync();
                return completions.Select(c => (c.Id, c.PersonId)).ToList();
            });
            _values["mes"] = "2026-02";
            _values["dependencia"] = dependencia.ToString(Bogota.Culture);

            // Students: a cohort of the tutor; Ángela finished it (progress, a passed quiz), Luz Marina is enrolled.
            var (angela, luz, cohort, angelaCompletion) = await app.WithDbAsync(async db =>
            {
                var version = await db.CourseVersions.SingleAsync(v => v.CourseId == "pensamiento-computacional" && v.IsCurrent);
                var cohort = new Cohort
                {
                    Name = "Cohorte SQLite",
                    CourseId = version.CourseId,
                    ColegioId = colegio,
                    TutorUserId = tutor.Id,
                    StartDate = new DateOnly(2026, 2, 1),
                    EndDate = new DateOnly(2026, 6, 30),
                    CreatedUtc = DateTime.UtcNow,
                };
                Person Student(string given, string family, string number) => new()
                {
                    DocumentType = DocumentType.TI,
                    DocumentNumber = number,
                    GivenNames = given,
                    FamilyNames = family,
                    Audience = Audience.Student,
                    ColegioId = colegio,
                    Grade = "10",
                    BirthDate = new DateOnly(2010, 5, 5),
                    CreatedUtc = DateTime.UtcNow,
                };
                var angela = Student("Ángela", "Núñez Peña", "1043999001");
                var luz = Student("LUZ MARINA", "ÁLVAREZ ROJAS", "1043999002");
                db.AddRange(cohort, angela, luz);
                await db.SaveChangesAsync();
                Enrollment Enroll(Person p, DateTime? completed) => new()
                {
                    PersonId = p.Id,
                    CourseId = version.CourseId,
                    CourseVersionId = version.Id,
                    CohortId = cohort.Id,
                    Source = EnrollmentSource.Cohort,
                    EnrolledUtc = new DateTime(2026, 2, 2, 14, 0, 0, DateTimeKind.Utc),
                    CompletedUtc = completed,
                };
                var finished = new DateTime(2026, 3, 20, 16, 0, 0, DateTimeKind.Utc);
                var done = Enroll(angela, finished);
                db.Enrollments.AddRange(done, Enroll(luz, null));
                await db.SaveChangesAsync();
                db.LessonProgress.Add(new LessonProgress { EnrollmentId = done.Id, LessonId = "introduccion", CompletedUtc = finished.AddDays(-5) });
                db.QuizAttempts.Add(new QuizAttempt
                {
                    EnrollmentId = done.Id,
                    QuizId = "evaluacion-final",
                    SubmittedUtc = finished,
                    Score = 80,
                    Passed = true,
                    AnswersJson = "[[0],[1]]",
                    QuizFingerprint = new string('f', 64),
                });
                var completion = new Completion
                {
                    PersonId = angela.Id,
                    CourseId = version.CourseId,
                    CourseVersionId = version.Id,
                    EnrollmentId = done.Id,
                    Source = CompletionSource.Online,
                    CompletedUtc = finished,
                    Hours = version.Hours,
                };
                db.Completions.Add(completion);
                await db.SaveChangesAsync();
                return (angela.Id, luz.Id, cohort.Id, completion.Id);
            });
            _values["angela"] = angela.ToString(Bogota.Culture);
            _values["luz"] = luz.ToString(Bogota.Culture);
            _values["cohorte"] = cohort.ToString(Bogota.Culture);

            // Certificates through the issuer, as the app issues them: Ángela's last, so it is the newest.
            await app.WithScopeAsync(async sp =>
            {
                var issuer = sp.GetRequiredService<CertificateIssuer>();
                foreach (var (completionId, _) in staffCompletions) await issuer.IssueAsync(completionId, default);
                _values["codigo"] = (await issuer.IssueAsync(angelaCompletion, default))!.Code;
                return 0;
            });

            // In person: the workshop of the staff indicator, handed to the tutor, with Funcionaria 00's attendance.
            _values["sesion"] = (await app.WithScopeAsync(async sp =>
            {
                var training = sp.GetRequiredService<InPersonTraining>();
                var (session, errors) = await training.CreateSessionAsync(new SessionInput
                {
                    Name = "Taller SQLite de ciberseguridad",
                    Date = new DateOnly(2026, 4, 15),
                    Hours = 4,
                    TutorName = "Tutora Sqlite",
                    IndicatorId = "funcionarios-tic",
                }, default);
                Assert.Empty(errors);
                Assert.Null((await training.AssignTutorAsync(session!.Id, tutor.Id, default)).Error);
                Assert.Empty(await training.RecordAsync(session.Id, [new AttendanceMark(staffCompletions[0].PersonId, true, true)], default));
                return session.Id;
            })).ToString(Bogota.Culture);

            // A page and a bit of sessions, import batches and audit entries, older than the rows above.
            var start = new DateTime(2026, 1, 5, 14, 0, 0, DateTimeKind.Utc);
            await app.WithDbAsync(async db =>
            {
                db.TrainingSessions.AddRange(Enumerable.Range(0, 55).Select(i => new TrainingSession
                {
                    Name = $"Sesión SQLite {i:D2}",
                    ActivityKey = "actividad-sesion-sqlite",
                    Date = new DateOnly(2025, 1, 1).AddDays(i),
                    Hours = 2,
                    TutorName = "Otra tutora",
                    CreatedUtc = start,
                }));
                db.ImportBatches.AddRange(Enumerable.Range(0, 52).Select(i => new ImportBatch
                {
                    Status = ImportStatus.Imported,
                    UserId = admin.Id,
                    UserName = admin.UserName!,
                    FileName = $"lote-sqlite-{i:D2}.csv",
                    FileSha256 = new string('b', 64),
                    UploadedUtc = start.AddMinutes(i),
                    ImportedUtc = start.AddMinutes(i + 1),
                    Rows = 2,
                    Created = 2,
                }));
                db.AuditEntries.AddRange(Enumerable.Range(0, 55).Select(i => new AuditEntry
                {
                    AtUtc = start.AddMinutes(i),
                    ActorName = "Érika Auditora",
                    Action = "prueba.sqlite",
                    TargetType = "Prueba",
                    TargetId = i.ToString(Bogota.Culture),
                    Summary = $"Entrada de prueba {i}",
                }));
                return await db.SaveChangesAsync();
            });
        }
    }
}

/// <summary>
/// Anonymization on SQLite, on an app of its own: it adds a person and a certificate, which must not change the totals
/// that <see cref="SqliteStaffPagesTests"/> expects, whatever order the tests run in.
/// </summary>
public sealed class SqliteAnonymizationTests(SqliteApp fixture) : IClassFixture<SqliteApp>
{
    private ScariAppFactory App => fixture.App;

    [Fact]
    public async Task Anonymizing_a_person_on_SQLite_leaves_their_certificate_without_a_verifiable_holder()
    {
        var seeded = await App.CreateCompletionAsync("Óscar Anonimizable", "Sqlite Pérez", "1143111222", courseId: "seguridad-digital",
            completedUtc: new DateTime(2026, 3, 2, 15, 0, 0, DateTimeKind.Utc));
        var code = (await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().IssueAsync(seeded.CompletionId, default)))!.Code;
        using var anonymous = App.CreateClient();
        Assert.Contains("Óscar Anonimizable Sqlite Pérez", WebUtility.HtmlDecode(await anonymous.GetStringAsync($"/verificar/{code}")));
        await App.CreateUserAsync("admin.anonimiza.sqlite@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin.anonimiza.sqlite@scari.test");

        using var done = await admin.PostFormAsync($"/admin/personas/{seeded.PersonId}/anonimizar",
            new() { ["Reason"] = "Solicitud del titular, radicado SQLite-1", ["Confirm"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var verification = WebUtility.HtmlDecode(await anonymous.GetStringAsync($"/verificar/{code}"));
        Assert.Contains("Sin titular verificable", verification);
        Assert.DoesNotContain("Óscar", verification);
        Assert.DoesNotContain("Válido", verification);
        Assert.DoesNotContain("Óscar", WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/personas?q=sqlite")));
    }
}
