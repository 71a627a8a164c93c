using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Platform.Tasks.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class DocumentsAssignmentsFollowUp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "assignment_history",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    assignment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    user_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    from_unit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    to_unit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assignment_history", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "attachments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    content_type = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    uploaded_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    uploaded_by_unit_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attachments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "document_number_counters",
                columns: table => new
                {
                    issuer_unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    last_number = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_document_number_counters", x => new { x.issuer_unit_id, x.year });
                });

            migrationBuilder.CreateTable(
                name: "documents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    number = table.Column<int>(type: "integer", nullable: true),
                    symbol = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    issue_date = table.Column<DateOnly>(type: "date", nullable: true),
                    issuer_unit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    issuer_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    signer_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    signer_position = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    signing_authority = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    subject = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    body = table.Column<string>(type: "text", nullable: true),
                    place = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    legal_basis_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    created_by_unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    issued_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    issue_year = table.Column<int>(type: "integer", nullable: true, computedColumnSql: "EXTRACT(YEAR FROM issue_date)::integer", stored: true),
                    issuer_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true, computedColumnSql: "COALESCE(issuer_unit_id::text, lower(issuer_name))", stored: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_documents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "follow_up_notices",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    assignment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    target_unit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_follow_up_notices", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "holidays",
                columns: table => new
                {
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_holidays", x => x.date);
                });

            migrationBuilder.CreateTable(
                name: "progress_updates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    assignment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    user_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    percent = table.Column<int>(type: "integer", nullable: false),
                    links = table.Column<List<string>>(type: "text[]", nullable: false),
                    evidence_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_progress_updates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "questions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    assignment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    asked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    asked_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_questions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "attachment_contents",
                columns: table => new
                {
                    attachment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    data = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attachment_contents", x => x.attachment_id);
                    table.ForeignKey(
                        name: "fk_attachment_contents_attachments_attachment_id",
                        column: x => x.attachment_id,
                        principalTable: "attachments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "document_addressees",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    document_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    group_id = table.Column<Guid>(type: "uuid", nullable: true),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    label = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    resolved_unit_count = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_document_addressees", x => x.id);
                    table.ForeignKey(
                        name: "fk_document_addressees_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "document_copy_recipients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    document_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    purpose = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_document_copy_recipients", x => x.id);
                    table.ForeignKey(
                        name: "fk_document_copy_recipients_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "document_tasks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    document_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    deadline = table.Column<DateOnly>(type: "date", nullable: true),
                    deadline_working_days = table.Column<int>(type: "integer", nullable: true),
                    period = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    repeat_until = table.Column<DateOnly>(type: "date", nullable: true),
                    due_day = table.Column<int>(type: "integer", nullable: true),
                    expected_evidence = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    due_date = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_document_tasks", x => x.id);
                    table.ForeignKey(
                        name: "fk_document_tasks_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "question_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    question_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    user_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_department = table.Column<bool>(type: "boolean", nullable: false),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_question_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_question_messages_questions_question_id",
                        column: x => x.question_id,
                        principalTable: "questions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assignments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    document_id = table.Column<Guid>(type: "uuid", nullable: false),
                    task_id = table.Column<Guid>(type: "uuid", nullable: false),
                    task_number = table.Column<int>(type: "integer", nullable: false),
                    occurrence = table.Column<int>(type: "integer", nullable: false),
                    period = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    original_unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    parent_assignment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    due_date = table.Column<DateOnly>(type: "date", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    assigned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    assigned_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    acknowledged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    acknowledged_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    completed_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    completed_on_time = table.Column<bool>(type: "boolean", nullable: true),
                    completed_by_children = table.Column<bool>(type: "boolean", nullable: false),
                    progress_percent = table.Column<int>(type: "integer", nullable: false),
                    has_children = table.Column<bool>(type: "boolean", nullable: false),
                    completion_rule = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    threshold_percent = table.Column<int>(type: "integer", nullable: true),
                    overdue_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    escalated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    escalated_to_unit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assignments", x => x.id);
                    table.ForeignKey(
                        name: "fk_assignments_assignments_parent_assignment_id",
                        column: x => x.parent_assignment_id,
                        principalTable: "assignments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_assignments_document_tasks_task_id",
                        column: x => x.task_id,
                        principalTable: "document_tasks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_assignments_documents_document_id",
                        column: x => x.document_id,
                        principalTable: "documents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "holidays",
                columns: new[] { "date", "kind", "name" },
                values: new object[,]
                {
                    { new DateOnly(2024, 1, 1), "DayOff", "Tết Dương lịch" },
                    { new DateOnly(2024, 2, 8), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2024, 2, 9), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2024, 2, 10), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2024, 2, 11), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2024, 2, 12), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2024, 2, 13), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2024, 2, 14), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2024, 4, 18), "DayOff", "Giỗ Tổ Hùng Vương (10/3 âm lịch)" },
                    { new DateOnly(2024, 4, 29), "DayOff", "Nghỉ bù / hoán đổi ngày làm việc" },
                    { new DateOnly(2024, 4, 30), "DayOff", "Ngày Chiến thắng (30/4)" },
                    { new DateOnly(2024, 5, 1), "DayOff", "Ngày Quốc tế Lao động (1/5)" },
                    { new DateOnly(2024, 5, 4), "WorkingDay", "Đi làm bù" },
                    { new DateOnly(2024, 9, 2), "DayOff", "Quốc khánh (2/9)" },
                    { new DateOnly(2024, 9, 3), "DayOff", "Quốc khánh (2/9)" },
                    { new DateOnly(2025, 1, 1), "DayOff", "Tết Dương lịch" },
                    { new DateOnly(2025, 1, 27), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2025, 1, 28), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2025, 1, 29), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2025, 1, 30), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2025, 1, 31), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2025, 4, 7), "DayOff", "Giỗ Tổ Hùng Vương (10/3 âm lịch)" },
                    { new DateOnly(2025, 4, 26), "WorkingDay", "Đi làm bù" },
                    { new DateOnly(2025, 4, 30), "DayOff", "Ngày Chiến thắng (30/4)" },
                    { new DateOnly(2025, 5, 1), "DayOff", "Ngày Quốc tế Lao động (1/5)" },
                    { new DateOnly(2025, 5, 2), "DayOff", "Nghỉ bù / hoán đổi ngày làm việc" },
                    { new DateOnly(2025, 9, 1), "DayOff", "Quốc khánh (2/9)" },
                    { new DateOnly(2025, 9, 2), "DayOff", "Quốc khánh (2/9)" },
                    { new DateOnly(2026, 1, 1), "DayOff", "Tết Dương lịch" },
                    { new DateOnly(2026, 2, 16), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2026, 2, 17), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2026, 2, 18), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2026, 2, 19), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2026, 2, 20), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2026, 4, 27), "DayOff", "Giỗ Tổ Hùng Vương (10/3 âm lịch) (nghỉ bù)" },
                    { new DateOnly(2026, 4, 30), "DayOff", "Ngày Chiến thắng (30/4)" },
                    { new DateOnly(2026, 5, 1), "DayOff", "Ngày Quốc tế Lao động (1/5)" },
                    { new DateOnly(2026, 9, 1), "DayOff", "Quốc khánh (2/9)" },
                    { new DateOnly(2026, 9, 2), "DayOff", "Quốc khánh (2/9)" },
                    { new DateOnly(2027, 1, 1), "DayOff", "Tết Dương lịch" },
                    { new DateOnly(2027, 2, 4), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2027, 2, 5), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2027, 2, 8), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2027, 2, 9), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2027, 2, 10), "DayOff", "Tết Nguyên đán" },
                    { new DateOnly(2027, 4, 16), "DayOff", "Giỗ Tổ Hùng Vương (10/3 âm lịch)" },
                    { new DateOnly(2027, 4, 30), "DayOff", "Ngày Chiến thắng (30/4)" },
                    { new DateOnly(2027, 5, 3), "DayOff", "Ngày Quốc tế Lao động (1/5) (nghỉ bù)" },
                    { new DateOnly(2027, 9, 2), "DayOff", "Quốc khánh (2/9)" },
                    { new DateOnly(2027, 9, 3), "DayOff", "Quốc khánh (2/9)" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_assignment_history_assignment_id_at",
                table: "assignment_history",
                columns: new[] { "assignment_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_assignments_document_id_task_number",
                table: "assignments",
                columns: new[] { "document_id", "task_number" });

            migrationBuilder.CreateIndex(
                name: "ix_assignments_open_due",
                table: "assignments",
                column: "due_date",
                filter: "status IN ('Assigned','Acknowledged','InProgress')");

            migrationBuilder.CreateIndex(
                name: "ix_assignments_parent_assignment_id",
                table: "assignments",
                column: "parent_assignment_id");

            migrationBuilder.CreateIndex(
                name: "ix_assignments_task_id_occurrence_unit_id_parent_assignment_id",
                table: "assignments",
                columns: new[] { "task_id", "occurrence", "unit_id", "parent_assignment_id" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_assignments_unit_id_status",
                table: "assignments",
                columns: new[] { "unit_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_attachments_owner_kind_owner_id",
                table: "attachments",
                columns: new[] { "owner_kind", "owner_id" });

            migrationBuilder.CreateIndex(
                name: "ix_document_addressees_document_id",
                table: "document_addressees",
                column: "document_id");

            migrationBuilder.CreateIndex(
                name: "ix_document_copy_recipients_document_id",
                table: "document_copy_recipients",
                column: "document_id");

            migrationBuilder.CreateIndex(
                name: "ix_document_tasks_document_id_number",
                table: "document_tasks",
                columns: new[] { "document_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_documents_status",
                table: "documents",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ux_documents_issuer_year_number",
                table: "documents",
                columns: new[] { "issuer_key", "issue_year", "number" },
                unique: true,
                filter: "number IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_follow_up_notices_assignment_id_kind_due_date",
                table: "follow_up_notices",
                columns: new[] { "assignment_id", "kind", "due_date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_progress_updates_assignment_id_at",
                table: "progress_updates",
                columns: new[] { "assignment_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_question_messages_question_id",
                table: "question_messages",
                column: "question_id");

            migrationBuilder.CreateIndex(
                name: "ix_questions_assignment_id",
                table: "questions",
                column: "assignment_id");

            migrationBuilder.CreateIndex(
                name: "ix_questions_status_asked_at",
                table: "questions",
                columns: new[] { "status", "asked_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "assignment_history");

            migrationBuilder.DropTable(
                name: "assignments");

            migrationBuilder.DropTable(
                name: "attachment_contents");

            migrationBuilder.DropTable(
                name: "document_addressees");

            migrationBuilder.DropTable(
                name: "document_copy_recipients");

            migrationBuilder.DropTable(
                name: "document_number_counters");

            migrationBuilder.DropTable(
                name: "follow_up_notices");

            migrationBuilder.DropTable(
                name: "holidays");

            migrationBuilder.DropTable(
                name: "progress_updates");

            migrationBuilder.DropTable(
                name: "question_messages");

            migrationBuilder.DropTable(
                name: "document_tasks");

            migrationBuilder.DropTable(
                name: "attachments");

            migrationBuilder.DropTable(
                name: "questions");

            migrationBuilder.DropTable(
                name: "documents");
        }
    }
}
