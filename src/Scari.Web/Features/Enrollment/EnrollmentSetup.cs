namespace Scari.Web.Features.Enrollment;

public static class EnrollmentSetup
{
    public static IServiceCollection AddScariEnrollment(this IServiceCollection services)
    {
        services.AddScoped<EnrollPerson>();
        services.AddScoped<Cohorts>();
        services.AddScoped<CohortSlips>();
        services.AddSingleton<CoursePrerequisites>();
        return services;
    }
}
