using System.Net;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.People;

namespace Scari.IntegrationTests.Learning;

public sealed class EnrollmentTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    private Task<EnrollOutcome> SelfAsync(int personId, string courseId) =>
        App.WithAsync<EnrollOutcome, EnrollPerson>(e => e.SelfAsync(personId, courseId, default));

    [Fact]
    public async Task A_learner_enrolls_in_a_course_of_their_audience_in_its_current_version()
    {
        var course = await App.CourseAsync(JourneyData.Unique("curso"), Audience.Staff);
        var person = await App.PersonAsync(Audience.Staff);

        var result = await SelfAsync(person, course.CourseId);

        Assert.Equal(EnrollResult.Enrolled, result.Result);
        var row = await App.WithDbAsync(db => db.Enrollments.SingleAsync(e => e.Id == result.EnrollmentId));
        Assert.Equal(course.Id, row.CourseVersionId);
        Assert.Equal(EnrollmentSource.Self, row.Source);
        Assert.Null(row.WithdrawnUtc);
    }

    [Fact]
    public async Task A_course_without_audience_takes_staff_and_students()
    {
        var course = await App.CourseAsync(JourneyData.Unique("curso"), audience: null);
        Assert.Equal(EnrollResult.Enrolled, (await SelfAsync(await App.PersonAsync(Audience.Staff), course.CourseId)).Result);
        Assert.Equal(EnrollResult.Enrolled, (await SelfAsync(await App.PersonAsync(Audience.Student), course.CourseId)).Result);
    }

    [Fact]
    public async Task A_student_cannot_enroll_in_a_course_for_civil_servants()
    {
        var course = await App.CourseAsync(JourneyData.Unique("curso"), Audience.Staff);
        var student = await App.PersonAsync(Audience.Student);

        var result = await SelfAsync(student, course.CourseId);

        Assert.Equal(EnrollResult.WrongAudience, result.Result);
        Assert.Contains("es para servidores públicos", result.Message);
        Assert.False(await App.WithDbAsync(db => db.Enrollments.AnyAsync(e => e.PersonId == student)));
    }

    [Fact]
    public async Task Enrolling_twice_answers_already_enrolled_and_keeps_one_enrollment()
    {
        var course = await App.CourseAsync(JourneyData.Unique("curso"));
        var person = await App.PersonAsync();

        await SelfAsync(person, course.CourseId);
        var again = await SelfAsync(person, course.CourseId);

        Assert.Equal(EnrollResult.AlreadyEnrolled, again.Result);
        Assert.Equal("Ya está inscrito en este curso.", again.Message);
        Assert.Equal(1, await App.WithDbAsync(db => db.Enrollments.CountAsync(e => e.PersonId == person)));
    }

    [Fact]
    public async Task Parallel_enrollments_of_the_same_person_leave_one_and_the_others_are_told_already_enrolled()
    {
        var course = await App.CourseAsync(JourneyData.Unique("curso"));
        var person = await App.PersonAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => SelfAsync(person, course.CourseId))));

        Assert.Single(results, r => r.Result == EnrollResult.Enrolled);
        Assert.All(results.Where(r => r.Result != EnrollResult.Enrolled), r => Assert.Equal("Ya está inscrito en este curso.", r.Message));
        Assert.Equal(1, await App.WithDbAsync(db => db.Enrollments.CountAsync(e => e.PersonId == person)));
    }

    [Fact]
    public async Task A_withdrawn_person_can_enroll_again()
    {
        var course = await App.CourseAsync(JourneyData.Unique("curso"));
        var person = await App.PersonAsync();
        var first = await SelfAsync(person, course.CourseId);

        var withdrawn = await App.WithAsync<EnrollOutcome, EnrollPerson>(e => e.WithdrawAsync(JourneyData.Admin, first.EnrollmentId!.Value, default));
        var again = await SelfAsync(person, course.CourseId);

        Assert.Equal(EnrollResult.Withdrawn, withdrawn.Result);
        Assert.Equal(EnrollResult.Enrolled, again.Result);
        var rows = await App.WithDbAsync(db => db.Enrollments.Where(e => e.PersonId == person).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.NotNull(rows[0].WithdrawnUtc);
        Assert.Null(rows[1].WithdrawnUtc);
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "enrollment.withdrawn" && a.TargetId == first.EnrollmentId.ToString())));
    }

    [Fact]
    public async Task An_unknown_course_is_refused_in_Spanish()
    {
        var result = await SelfAsync(await App.PersonAsync(), "no-existe");
        Assert.Equal(EnrollResult.UnknownCourse, result.Result);
        Assert.Equal("Ese curso no existe o no está publicado.", result.Message);
    }

    [Fact]
    public async Task A_coordinator_enrolls_only_people_of_their_colegio_and_the_change_is_audited()
    {
        var colegio = await App.ColegioAsync();
        var other = await App.ColegioAsync();
        var course = await App.CourseAsync(JourneyData.Unique("curso"), Audience.Student);
        var mine = await App.PersonAsync(Audience.Student, colegioId: colegio);
        var theirs = await App.PersonAsync(Audience.Student, colegioId: other);
        var coordinator = JourneyData.Coordinator(colegioId: colegio);

        var ok = await App.WithAsync<EnrollOutcome, EnrollPerson>(e => e.ByStaffAsync(coordinator, mine, course.CourseId, default));
        var refused = await App.WithAsync<EnrollOutcome, EnrollPerson>(e => e.ByStaffAsync(coordinator, theirs, course.CourseId, default));

        Assert.Equal(EnrollResult.Enrolled, ok.Result);
        Assert.Equal(EnrollResult.UnknownPerson, refused.Result);
        Assert.False(await App.WithDbAsync(db => db.Enrollments.AnyAsync(e => e.PersonId == theirs)));
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "enrollment.created" && a.TargetId == mine.ToString())));
    }

    [Fact]
    public async Task A_coordinator_cannot_withdraw_an_enrollment_of_another_colegio()
    {
        var colegio = await App.ColegioAsync();
        var other = await App.ColegioAsync();
        var course = await App.CourseAsync(JourneyData.Unique("curso"), Audience.Student);
        var theirs = await App.PersonAsync(Audience.Student, colegioId: other);
        var enrollment = await SelfAsync(theirs, course.CourseId);

        var result = await App.WithAsync<EnrollOutcome, EnrollPerson>(e => e.WithdrawAsync(JourneyData.Coordinator(colegioId: colegio), enrollment.EnrollmentId!.Value, default));

        Assert.Equal(EnrollResult.UnknownEnrollment, result.Result);
        Assert.Null(await App.WithDbAsync(db => db.Enrollments.Where(e => e.Id == enrollment.EnrollmentId).Select(e => e.WithdrawnUtc).SingleAsync()));
    }

    [Fact]
    public async Task A_cohort_enrolls_its_members_and_joins_an_existing_enrollment_instead_of_duplicating_it()
    {
        var dependencia = await App.DependenciaAsync();
        var course = await App.CourseAsync(JourneyData.Unique("curso"), Audience.Staff);
        var a = await App.PersonAsync(Audience.Staff, dependenciaId: dependencia);
        var b = await App.PersonAsync(Audience.Staff, dependenciaId: dependencia);
        var already = await SelfAsync(b, course.CourseId);
        var coordinator = JourneyData.Coordinator(dependenciaId: dependencia);
        var name = JourneyData.Unique("SIGOB marzo");

        var created = await App.WithAsync<CohortCreated, Cohorts>(c => c.CreateAsync(coordinator,
            new CohortDraft(name, course.CourseId, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), null, null, null), default));
        var added = await App.WithAsync<MembersAdded, Cohorts>(c => c.AddMembersAsync(coordinator, created.CohortId!.Value, [a, b], default));

        Assert.Empty(added.Problems);
        Assert.Equal(2, added.Added);
        var rows = await App.WithDbAsync(db => db.Enrollments.Where(e => e.CohortId == created.CohortId).ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Id == already.EnrollmentId);
        Assert.Contains(rows, r => r.PersonId == a && r.Source == EnrollmentSource.Cohort);
        var cohort = await App.WithDbAsync(db => db.Cohorts.SingleAsync(c => c.Id == created.CohortId));
        Assert.Equal(dependencia, cohort.DependenciaId); // a coordinator's cohort belongs to their dependencia
    }

    [Fact]
    public async Task Cohort_names_are_unique_with_a_Spanish_message_and_bad_dates_are_refused()
    {
        var course = await App.CourseAsync(JourneyData.Unique("curso"));
        var name = JourneyData.Unique("Colegio X 10A");
        var draft = new CohortDraft(name, course.CourseId, new DateOnly(2026, 2, 1), new DateOnly(2026, 6, 30), null, null, null);

        var first = await App.WithAsync<CohortCreated, Cohorts>(c => c.CreateAsync(JourneyData.Admin, draft, default));
        var second = await App.WithAsync<CohortCreated, Cohorts>(c => c.CreateAsync(JourneyData.Admin, draft, default));
        var backwards = await App.WithAsync<CohortCreated, Cohorts>(c => c.CreateAsync(JourneyData.Admin,
            draft with { Name = name + " b", EndDate = new DateOnly(2026, 1, 1) }, default));

        Assert.NotNull(first.CohortId);
        Assert.Equal([$"Ya existe una cohorte llamada «{name}»: elija otro nombre."], second.Errors);
        Assert.Contains("La fecha de fin debe ser igual o posterior a la de inicio.", backwards.Errors);
        Assert.Equal(1, await App.WithDbAsync(db => db.Cohorts.CountAsync(c => c.Name.StartsWith(name))));
    }

    [Fact]
    public async Task The_course_page_button_enrolls_the_signed_in_learner()
    {
        var course = await App.CourseAsync(JourneyData.Unique("curso"));
        var (user, person) = await App.LearnerAsync();
        using var client = await App.SignedInClientAsync(user);

        var document = await client.GetDocumentAsync("/"); // the sign-out form carries this user's antiforgery token
        var token = document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        Assert.NotNull(token);
        var post = await client.PostAsync($"/cursos/{course.CourseId}/inscribirme",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token!)]));

        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.True(await App.WithDbAsync(db => db.Enrollments.AnyAsync(e => e.PersonId == person && e.CourseId == course.CourseId)));
    }
}
