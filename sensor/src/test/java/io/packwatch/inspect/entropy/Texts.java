package io.packwatch.inspect.entropy;

import java.util.Random;

/** Synthetic plaintexts of several kinds for {@link CorpusGenerator}, from small word lists written here. */
final class Texts {
    private Texts() {
    }

    static final String[] EN = ("the of and to in a is that for it as was with be by on not he this are or his from "
            + "at which but have an they you were her she there been one all we their has would when if so no will "
            + "more can out up about into who them what some could time these two may then do first any my now "
            + "such like other how its our over only new just where most after also many before must through back "
            + "years much way well down should because each people those very long little world still between "
            + "report network customer account payment invoice quarter revenue project meeting schedule contract "
            + "confidential employee salary budget forecast delivery shipment order product service support "
            + "security password server database backup archive transfer policy review approval strategy market "
            + "analysis growth margin partner supplier agreement document attached please regards thanks "
            + "tomorrow yesterday morning evening office team manager director department legal finance "
            + "engineering release version update issue problem solution customer's company's important").split(" ");
    static final String[] FR = ("le la les de des du un une et est en que qui dans pour pas sur au avec ce il elle "
            + "nous vous ils sont été être avoir fait très plus même après déjà où voilà français société "
            + "réunion équipe contrat données système sécurité numéro première élève garçon hôpital forêt "
            + "château fenêtre rôle coût août noël naïve façon reçu leçon déçu théâtre problème règle "
            + "général économie développement activité qualité année mois jour demain aujourd'hui").split(" ");
    static final String[] DE = ("der die das und ist nicht ein eine zu den mit von sich des auf für im dem auch "
            + "es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über so zum "
            + "können müssen größer Straße Grüße schön Bücher Mädchen Übersicht Änderung Prüfung Geschäft "
            + "Bericht Vertrag Kunde Rechnung Zahlung Mitarbeiter Gehalt Sicherheit Datenbank Größe Fußball "
            + "Äpfel öffentlich natürlich für Qualität Überweisung Konto vertraulich Abteilung").split(" ");
    static final String[] RU = ("и в не на я что он с как а то все она так его но да ты к у же вы за бы по только "
            + "ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был "
            + "отчет договор клиент счет оплата сотрудник зарплата безопасность сервер пароль компания "
            + "проект встреча бюджет прибыль рынок документ конфиденциально директор отдел сегодня завтра").split(" ");
    static final String CJK = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学"
            + "对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三"
            + "已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力"
            + "机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产"
            + "报告合同客户账户付款员工工资安全服务器密码数据库公司项目会议预算利润市场文件机密经理部门今天明天";
    static final String[] AR = ("في من على إلى أن هذا التي الذي مع كان عن هذه ما لا قد كل بين ذلك بعد عند لم "
            + "أو حتى إذا ثم هو هي نحن تقرير عقد عميل حساب دفع موظف راتب أمن خادم كلمة السر شركة مشروع اجتماع "
            + "ميزانية ربح سوق وثيقة سري مدير قسم اليوم غدا شكرا تحية").split(" ");
    static final String[] IDENT = ("buffer count index value result item node list map key name size offset length "
            + "flow packet stream reader writer config handler context session request response user account "
            + "total amount data payload header entry record cache queue state status error message").split(" ");
    static final String[] FIRST = ("James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William "
            + "Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Ana Luis Chen Wei Olga Ivan Fatima "
            + "Omar Hans Greta Pierre Amélie").split(" ");
    static final String[] LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Wilson "
            + "Anderson Taylor Thomas Moore Martin Lee Müller Schmidt Dubois Lefèvre Ivanov Petrova Wang Li Zhang "
            + "Haddad Khan Rossi Silva").split(" ");

    static String generate(String kind, Random r, int approxBytes) {
        StringBuilder sb = new StringBuilder(approxBytes + 256);
        while (sb.length() < approxBytes) {
            switch (kind) {
                case "english" -> paragraph(sb, r, EN, " ");
                case "french" -> paragraph(sb, r, FR, " ");
                case "german" -> paragraph(sb, r, DE, " ");
                case "russian" -> paragraph(sb, r, RU, " ");
                case "arabic" -> paragraph(sb, r, AR, " ");
                case "chinese" -> chinese(sb, r);
                case "java" -> java(sb, r);
                case "python" -> python(sb, r);
                case "json" -> json(sb, r);
                case "csv" -> csv(sb, r);
                case "html" -> html(sb, r);
                case "docx-xml" -> docx(sb, r);
                case "log" -> log(sb, r);
                default -> throw new IllegalArgumentException(kind);
            }
        }
        return sb.toString();
    }

    /** Zipf-like pick: low indices (common words) much more often. */
    private static String pick(Random r, String[] words) {
        double u = r.nextDouble();
        return words[(int) (words.length * u * u * u)];
    }

    private static void sentence(StringBuilder sb, Random r, String[] words, String sep) {
        int n = 4 + r.nextInt(14);
        for (int i = 0; i < n; i++) {
            String w = pick(r, words);
            if (i == 0 && !w.isEmpty()) {
                w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
            } else {
                sb.append(sep);
            }
            sb.append(w);
            if (i < n - 1 && r.nextInt(12) == 0) {
                sb.append(',');
            }
            if (r.nextInt(40) == 0) {
                sb.append(sep).append(r.nextInt(10000));
            }
        }
        sb.append(r.nextInt(10) == 0 ? "?" : ".");
    }

    private static void paragraph(StringBuilder sb, Random r, String[] words, String sep) {
        int n = 2 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sentence(sb, r, words, sep);
        }
        sb.append("\n\n");
    }

    private static void chinese(StringBuilder sb, Random r) {
        int n = 2 + r.nextInt(6);
        for (int s = 0; s < n; s++) {
            int len = 8 + r.nextInt(30);
            for (int i = 0; i < len; i++) {
                double u = r.nextDouble();
                sb.append(CJK.charAt((int) (CJK.length() * u * u)));
                if (i < len - 1 && r.nextInt(10) == 0) {
                    sb.append('，');
                }
            }
            sb.append(r.nextInt(8) == 0 ? '？' : '。');
        }
        sb.append('\n');
    }

    private static String ident(Random r) {
        String a = pick(r, IDENT);
        if (r.nextBoolean()) {
            String b = pick(r, IDENT);
            a = a + Character.toUpperCase(b.charAt(0)) + b.substring(1);
        }
        return a;
    }

    private static void java(StringBuilder sb, Random r) {
        String m = ident(r);
        sb.append("    /** Returns the ").append(pick(r, EN)).append(' ').append(pick(r, EN)).append(" of the ")
                .append(ident(r)).append(". */\n");
        sb.append("    public ").append(r.nextBoolean() ? "int " : "long ").append(m).append("(byte[] ")
                .append(ident(r)).append(", int ").append(ident(r)).append(") {\n");
        int n = 2 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(4)) {
                case 0 -> sb.append("        int ").append(ident(r)).append(" = ").append(ident(r)).append(" + ")
                        .append(r.nextInt(256)).append(";\n");
                case 1 -> sb.append("        if (").append(ident(r)).append(" >= ").append(ident(r))
                        .append(".length) {\n            throw new IllegalArgumentException(\"")
                        .append(pick(r, EN)).append(' ').append(pick(r, EN)).append("\");\n        }\n");
                case 2 -> sb.append("        for (int i = 0; i < ").append(ident(r)).append("; i++) {\n            ")
                        .append(ident(r)).append(" += ").append(ident(r)).append("[i] & 0xff;\n        }\n");
                default -> sb.append("        ").append(ident(r)).append(".").append(ident(r)).append("(")
                        .append(ident(r)).append(");\n");
            }
        }
        sb.append("        return ").append(ident(r)).append(";\n    }\n\n");
    }

    private static void python(StringBuilder sb, Random r) {
        sb.append("def ").append(ident(r).toLowerCase()).append('(').append(pick(r, IDENT)).append(", ")
                .append(pick(r, IDENT)).append("=None):\n");
        sb.append("    \"\"\"").append(Character.toUpperCase(pick(r, EN).charAt(0))).append(pick(r, EN))
                .append(' ').append(pick(r, EN)).append(".\"\"\"\n");
        int n = 2 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(3)) {
                case 0 -> sb.append("    ").append(pick(r, IDENT)).append(" = ").append(pick(r, IDENT))
                        .append(".get('").append(pick(r, IDENT)).append("', ").append(r.nextInt(100)).append(")\n");
                case 1 -> sb.append("    for ").append(pick(r, IDENT)).append(" in ").append(pick(r, IDENT))
                        .append(":\n        ").append(pick(r, IDENT)).append(".append(").append(pick(r, IDENT))
                        .append(")\n");
                default -> sb.append("    if not ").append(pick(r, IDENT)).append(":\n        raise ValueError(\"")
                        .append(pick(r, EN)).append(' ').append(pick(r, EN)).append("\")\n");
            }
        }
        sb.append("    return ").append(pick(r, IDENT)).append("\n\n\n");
    }

    private static void json(StringBuilder sb, Random r) {
        sb.append("{\"id\": ").append(r.nextInt(1_000_000)).append(", \"name\": \"").append(pick(r, FIRST))
                .append(' ').append(pick(r, LAST)).append("\", \"email\": \"").append(pick(r, FIRST).toLowerCase())
                .append('.').append(r.nextInt(1000)).append("@example.com\", \"balance\": ")
                .append(r.nextInt(100000)).append('.').append(r.nextInt(100)).append(", \"active\": ")
                .append(r.nextBoolean()).append(", \"tags\": [\"").append(pick(r, EN)).append("\", \"")
                .append(pick(r, EN)).append("\"], \"note\": \"");
        sentence(sb, r, EN, " ");
        sb.append("\"},\n");
    }

    private static void csv(StringBuilder sb, Random r) {
        sb.append(r.nextInt(10_000_000)).append(',').append(pick(r, FIRST)).append(',').append(pick(r, LAST))
                .append(',').append(pick(r, FIRST).toLowerCase()).append('@').append(pick(r, EN)).append(".com,")
                .append(2000 + r.nextInt(25)).append('-').append(1 + r.nextInt(12)).append('-')
                .append(1 + r.nextInt(28)).append(',').append(r.nextInt(50000)).append('.')
                .append(r.nextInt(100)).append(',').append(pick(r, EN)).append("\r\n");
    }

    private static void html(StringBuilder sb, Random r) {
        sb.append("<div class=\"").append(pick(r, IDENT)).append("\">\n  <h2>").append(pick(r, EN)).append(' ')
                .append(pick(r, EN)).append("</h2>\n  <p>");
        sentence(sb, r, EN, " ");
        sb.append(" <a href=\"/").append(pick(r, EN)).append('/').append(r.nextInt(1000)).append("\">")
                .append(pick(r, EN)).append("</a> ");
        sentence(sb, r, EN, " ");
        sb.append("</p>\n</div>\n");
    }

    private static void docx(StringBuilder sb, Random r) {
        sb.append("<w:p w:rsidR=\"00").append(Integer.toHexString(0x100000 + r.nextInt(0xe00000)).toUpperCase())
                .append("\"><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr><w:r><w:rPr><w:lang w:val=\"en-US\"/>")
                .append("</w:rPr><w:t xml:space=\"preserve\">");
        sentence(sb, r, r.nextInt(4) == 0 ? DE : EN, " ");
        sb.append("</w:t></w:r></w:p>");
    }

    private static void log(StringBuilder sb, Random r) {
        sb.append("2024-0").append(1 + r.nextInt(9)).append('-').append(10 + r.nextInt(18)).append('T')
                .append(10 + r.nextInt(14)).append(':').append(10 + r.nextInt(50)).append(':')
                .append(10 + r.nextInt(50)).append('.').append(100 + r.nextInt(900)).append("Z ")
                .append(r.nextInt(5) == 0 ? "WARN " : "INFO ").append(pick(r, IDENT)).append(": ")
                .append(pick(r, EN)).append(' ').append(pick(r, EN)).append(" src=10.").append(r.nextInt(256))
                .append('.').append(r.nextInt(256)).append('.').append(r.nextInt(256)).append(" bytes=")
                .append(r.nextInt(1 << 20)).append('\n');
    }
}
