using Microsoft.Extensions.DependencyInjection;
using Scari.Web;
using Scari.Web.Features.Certificates;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;
using Scari.Web.Features.InPerson;

namespace Scari.Testing;

/// <summary>
/// One small world with every case of the counting rule, written straight into the database. The expected numbers of
/// <see cref="Cases"/> are worked out by hand from the comments below (indicators from content/scari.yaml:
/// funcionarios-tic = staff, period 2024–2027; jovenes-4r = students).
/// </summary>
public static class IndicatorScenario
{
    public const string Staff = "funcionarios-tic";
    public const string Students = "jovenes-4r";

    /// <summary>(indicator, cut-off, expected distinct people).</summary>
    public static TheoryData<string, string, int> Cases => new()
    {
        { Staff, "2023-12-31", 0 },   // before the period: Elena's 2023 completion never counts
        { Staff, "2025-01-31", 0 },
        { Staff, "2025-02-28", 1 },   // Hugo (anonymized, still counts)
        { Staff, "2025-03-31", 3 },   // + Ana, + Iris at 23:30 Bogotá on the 31st (04:30 UTC on April 1st)
        { Staff, "2025-04-01", 4 },   // + Juan at 00:30 Bogotá on April 1st
        { Staff, "2025-04-30", 4 },   // Beto's only certificate is revoked: never counts
        { Staff, "2025-05-31", 5 },   // + Carla (revoked certificate, but a live replacement)
        { Staff, "2025-07-20", 6 },   // + Dario, in person (a session marked for this indicator)
        { Staff, "2025-12-31", 6 },   // Dario online too, Ana a second time: still 6 people
        { Staff, "2026-02-10", 7 },   // + Fabio
        { Staff, "2030-01-01", 7 },   // after the period ends: same as the period's end (Luz finished in 2028: never counts)
        { Students, "2024-05-04", 0 },
        { Students, "2024-05-05", 1 }, // Mateo
        { Students, "2025-12-31", 2 }, // + Gina (her staff-course completion does not count for the staff indicator)
    };

    public sealed record World(Dictionary<string, int> People, int Dependencia1, int Dependencia2, int Colegio1);

    public static async Task<World> SeedAsync(ScariAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Scari.Web.Data.ScariDbContext>();
        var d1 = new Dependencia { Code = "T-D1", Name = "Secretaría de Prueba Uno" };
        var d2 = new Dependencia { Code = "T-D2", Name = "Secretaría de Prueba Dos" };
        var c1 = new Colegio { Code = "T-C1", Name = "Colegio de Prueba Uno", Localidad = "Uno" };
        var c2 = new Colegio { Code = "T-C2", Name = "Colegio de Prueba Dos", Localidad = "Dos" };
        db.AddRange(d1, d2, c1, c2);
        await db.SaveChangesAsync();

        var people = new Dictionary<string, Person>();
        var number = 1000;
        Person Add(string name, Audience audience, Dependencia? dep = null, Vinculo? vinculo = null, Colegio? col = null, bool anonymized = false)
        {
            var p = new Person
            {
                DocumentType = audience == Audience.Staff ? DocumentType.CC : DocumentType.TI,
                DocumentNumber = (number++).ToString(System.Globalization.CultureInfo.InvariantCulture),
                GivenNames = anonymized ? "" : name,
                FamilyNames = anonymized ? "" : "Prueba " + name,
                Audience = audience,
                Dependencia = dep,
                Vinculo = vinculo,
                Colegio = col,
                CreatedUtc = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                AnonymizedUtc = anonymized ? new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) : null,
            };
            people[name] = p;
            db.People.Add(p);
            return p;
        }
        Add("Ana", Audience.Staff, d1, Vinculo.Planta);
        Add("Beto", Audience.Staff, d1, Vinculo.Contratista);
        Add("Carla", Audience.Staff, d2, Vinculo.Planta);
        Add("Dario", Audience.Staff, d2, Vinculo.Contratista);
        Add("Elena", Audience.Staff, d1, Vinculo.Planta);
        Add("Fabio", Audience.Staff, d2, Vinculo.Planta);
        Add("Gina", Audience.Student, col: c1);
        Add("Hugo", Audience.Staff, d1, null, anonymized: true);
        Add("Iris", Audience.Staff, d1, Vinculo.Planta);
        Add("Juan", Audience.Staff, d2, Vinculo.Contratista);
        Add("Karl", Audience.Staff, d1, Vinculo.Planta);
        Add("Luz", Audience.Staff, d1, Vinculo.Planta);
        Add("Mateo", Audience.Student, col: c2);
        await db.SaveChangesAsync();

        Completion Done(string who, string course, DateTime utc)
        {
            var c = new Completion { PersonId = people[who].Id, CourseId = course, Source = CompletionSource.Online, CompletedUtc = utc, Hours = 8 };
            db.Completions.Add(c);
            return c;
        }
        static DateTime Bog(int y, int m, int d, int h = 10, int min = 0) => Bogota.StartOfDayUtc(new DateOnly(y, m, d)).AddHours(h).AddMinutes(min);

        Done("Ana", "seguridad-digital", Bog(2025, 3, 10));
        Done("Ana", "transformacion-digital", Bog(2025, 6, 1));
        Done("Ana", "seguridad-digital", Bog(2025, 9, 1)); // a second completion of the same course
        var beto = Done("Beto", "seguridad-digital", Bog(2025, 4, 15));
        var carla = Done("Carla", "seguridad-digital", Bog(2025, 5, 5));
        Done("Dario", "seguridad-digital", Bog(2025, 8, 1));
        Done("Elena", "seguridad-digital", Bog(2023, 11, 30));
        Done("Fabio", "computacion-nube-aws", Bog(2026, 2, 10, 23, 59));
        Done("Gina", "seguridad-digital", Bog(2025, 3, 1));
        Done("Gina", "pensamiento-computacional", Bog(2025, 9, 9));
        Done("Hugo", "transformacion-digital", Bog(2025, 2, 2));
        Done("Iris", "seguridad-digital", Bog(2025, 3, 31, 23, 30));
        Done("Juan", "seguridad-digital", Bog(2025, 4, 1, 0, 30));
        Done("Karl", "pensamiento-computacional", Bog(2025, 5, 5));
        Done("Mateo", "iot-ciudades-inteligentes", Bog(2024, 5, 5, 0, 1));
        Done("Luz", "seguridad-digital", Bog(2028, 1, 1, 0, 30)); // after the staff period's end (2027-12-31)
        await db.SaveChangesAsync();

        Certificate Cert(Completion c, string code, bool revoked) => new()
        {
            Code = code,
            CompletionId = c.Id,
            PersonId = c.PersonId,
            HolderName = "x",
            DocumentType = "CC",
            DocumentNumber = "1",
            CourseId = c.CourseId,
            CourseTitle = c.CourseId,
            CourseVersion = "1",
            Hours = 8,
            CompletedOn = new DateOnly(2025, 1, 1),
            IssuedUtc = c.CompletedUtc,
            Signature = "s",
            RevokedUtc = revoked ? c.CompletedUtc.AddDays(3) : null,
        };
        db.Certificates.AddRange(
            Cert(beto, "T-BETO-1", revoked: true),
            Cert(carla, "T-CARLA-1", revoked: true),
            Cert(carla, "T-CARLA-2", revoked: false));
        await db.SaveChangesAsync();

        // In person: Dario at a workshop marked for the staff indicator; Luz at a talk marked for none.
        var training = scope.ServiceProvider.GetRequiredService<InPersonTraining>();
        var (workshop, e1) = await training.CreateSessionAsync(new SessionInput
        { Name = "Taller de ciberseguridad", Date = new DateOnly(2025, 7, 20), Hours = 4, TutorName = "Tutora", IndicatorId = Staff }, default);
        Assert.Empty(e1);
        Assert.Empty(await training.RecordAsync(workshop!.Id, [new AttendanceMark(people["Dario"].Id, true, true)], default));
        var (talk, e2) = await training.CreateSessionAsync(new SessionInput
        { Name = "Charla de bienestar", Date = new DateOnly(2025, 7, 21), Hours = 2, TutorName = "Tutora" }, default);
        Assert.Empty(e2);
        Assert.Empty(await training.RecordAsync(talk!.Id, [new AttendanceMark(people["Luz"].Id, true, true)], default));

        return new World(people.ToDictionary(kv => kv.Key, kv => kv.Value.Id), d1.Id, d2.Id, c1.Id);
    }
}
