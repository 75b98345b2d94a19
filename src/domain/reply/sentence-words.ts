/**
 * The words that shape a sentence rather than answer it (sentences.ts): negation, questions,
 * requests, conditions, contrast, and who the sentence is about. Written naturally, like
 * words.ts: every phrase goes through the reply normalisation.
 */
import type { Words } from './words.js';

/**
 * Negators that turn a verb of coming or being able into a no when they stand in the same
 * clause ("I will NOT be able to come", "je ne pourrai malheureusement pas venir", "لن
 * يتسنى لي الحضور"). Darija's circumfix ("ma … ch": "ma ghadich n9der", "ما غاديش نقدر")
 * is recognised by its shape in sentences.ts.
 */
export const NEGATORS: Words = {
  en: ['not', 'never', 'neither', 'nor', "don't", "doesn't", "didn't", "couldn't", "wouldn't", "isn't", "aren't", "wasn't", 'unable'],
  fr: ['pas', 'jamais', 'ne', 'aucun', 'aucune'],
  msa: ['لن', 'لم', 'ليس', 'لست', 'لسنا', 'يتعذر', 'تعذر', 'يستحيل'],
  darija: ['مشي', 'والو'],
  arabizi: ['mchi', 'walo', 'walou'],
};

/** A clause that begins with one of these asks something: it is a note for the teacher, not an answer. */
export const QUESTION_STARTS: Words = {
  en: ['what', 'when', 'where', 'why', 'how', 'which', 'who', 'whom', 'is it', 'is there', 'are there', 'are we', 'do i', 'do we', 'should i', 'should we',
    'can i', 'can we', 'could i', 'may i', 'must i', 'will there', 'does', 'do you', 'is the', 'will the', 'shall i'],
  fr: ['quand', 'où', 'ou est', 'comment', 'pourquoi', 'quel', 'quelle', 'quels', 'quelles', 'combien', 'qui', 'est-ce', 'est ce', 'est-ce que',
    'puis-je', 'dois-je', 'peut-on', 'faut-il', 'doit-on', 'y a-t-il', 'a quelle heure', 'à quelle heure', "c'est à quelle heure", "c'est a quelle heure",
    "c'est dans quelle salle", "c'est ou", 'c’est quand', "c'est où", "c'est quand"],
  msa: ['هل', 'متى', 'أين', 'كيف', 'لماذا', 'ماذا', 'ما هو', 'ما هي', 'كم', 'من هو', 'أي', 'في أي', 'على أي'],
  darija: ['واش', 'فوقاش', 'إمتى', 'امتى', 'فين', 'كيفاش', 'علاش', 'شنو', 'اشنو', 'أشنو', 'شنهو', 'شحال', 'اش', 'شكون', 'آش', 'منين'],
  arabizi: ['wach', 'wash', 'wesh', 'fo9ach', 'fou9ach', 'imta', 'emta', 'fin', 'kifach', 'kifash', '3lach', 'alach', 'chno', 'achno', 'chnou',
    'ach', 'ash', 'ch7al', 'sh7al', 'chkoun', 'chkon', 'mnin'],
};

/** Asking the school to do something: a note the teacher must read, even beside an answer. */
export const REQUEST_PHRASES: Words = {
  en: ['can you', 'could you', 'would you', 'please send', 'please tell', 'please let me know', 'let me know', 'i would like to know', 'i want to know',
    'i need to know', 'is it possible', 'would it be possible', 'can we change', 'another day', 'another time', 'other day',
    'can we meet', 'call me', 'please call', 'i would like to talk', 'i want to talk', 'i would like to speak', 'send me'],
  fr: ['pouvez-vous', 'pourriez-vous', 'vous pouvez', 'vous pourriez', 'merci de me', 'je voudrais savoir', 'je veux savoir', 'j’aimerais savoir',
    "j'aimerais savoir", 'est-il possible', 'serait-il possible', 'un autre jour', 'une autre date', 'un autre moment',
    'autre jour', 'autre date', 'appelez-moi', 'rappelez-moi', 'tenez-moi au courant', 'prévenez-moi', 'envoyez-moi', 'envoyez moi', "merci d'envoyer", 'je voudrais parler', "j'aimerais parler", 'je veux parler'],
  msa: ['هل يمكن', 'هل يمكنكم', 'هل يمكنك', 'أرجو', 'نرجو', 'المرجو', 'أريد أن أعرف', 'أود أن أعرف', 'يوم آخر', 'موعد آخر', 'وقت آخر',
    'اتصلوا بي', 'اتصل بي', 'أخبروني', 'أخبرني', 'أود محادثة', 'أود محادثته', 'أود التحدث', 'أريد التحدث', 'أرسلوا لي'],
  darija: ['بغيت نعرف', 'عافاك صيفط', 'صيفطو ليا', 'صيفط ليا', 'عيطو ليا', 'عيط ليا', 'نهار آخر', 'شي نهار آخر', 'شي وقت آخر', 'قولو ليا',
    'گولو ليا', 'واش ممكن', 'ممكن تصيفط', 'ممكن تعيط', 'ممكن نبدلو', 'نبدلو', 'عيطي ليا', 'عيطو عليا', 'بغيت نتكلم', 'بغيت نهضر', 'عافاك بغيت', 'بغيت نشوف'],
  arabizi: ['bghit n3ref', 'bghit n3rf', '3afak sift', 'siftoli', 'sift lia', '3ayto lia', '3ayet lia', 'nhar akhor', 'chi nhar akhor',
    'chi wa9t akhor', 'golo lia', '9olo lia', 'wach momkin', 'momkin tsift', 'momkin t3ayet', 'nbedlo', 'nbdlo', '3ayti lia',
    'bghit nhder', 'bghit nhdr', 'bghit ntkellem', '3afak bghit', 'bghit nchouf'],
};

/** "If …": a yes that depends on something is a maybe. */
export const CONDITIONALS: Words = {
  en: ['if', 'unless'],
  fr: ['si', "s'il", 'sauf si'],
  msa: ['إذا', 'إن', 'لو', 'في حال', 'إلا إذا'],
  darija: ['ايلا', 'إيلا', 'إلا'],
  arabizi: ['ila', 'ila kan'],
};

/** "But": the clause after it may take back the one before ("oui mais je ne sais pas l'heure"). */
export const CONTRAST_WORDS: Words = {
  en: ['but', 'however', 'because'],
  fr: ['mais', 'par contre', 'cependant', 'toutefois', 'parce que', 'puisque'],
  msa: ['لكن', 'ولكن', 'لكنني', 'غير أن', 'لأن', 'لان', 'حيث', 'بسبب'],
  darija: ['ولكن', 'بصح', 'والكن', 'غير', 'حيت', 'حيث'],
  arabizi: ['walakin', 'walakine', 'walaken', 'bs7', 'bse7', 'ghir', '7it', 'hit', 'hitach', '7itach'],
};

/**
 * The child as the subject: "my son will come", "wldi mrid", "elle a de la fièvre". A sentence
 * about them is news or a note, not the parent's own answer.
 */
export const CHILD_PERSON: Words = {
  en: ['he', 'she', 'my son', 'my daughter', 'my child', 'my kid', 'my boy', 'my girl', 'the child', 'my children', 'my kids'],
  fr: ['il', 'elle', 'mon fils', 'ma fille', 'mon enfant', 'mon garçon', 'mes enfants', 'le petit', 'la petite'],
  msa: ['ابني', 'ابنتي', 'إبني', 'إبنتي', 'طفلي', 'طفلتي', 'هو', 'هي', 'أبنائي'],
  darija: ['ولدي', 'بنتي', 'الولد', 'الدراري', 'ولادي'],
  arabizi: ['wldi', 'weldi', 'wlidi', 'bnti', 'binti', 'benti', 'howa', 'hiya', 'huwa', 'wladi', 'drari'],
};

/** Another grown-up of the family, who may come instead: "mais mon mari viendra", "غادي يجي باباه فبلاصتي". */
export const FAMILY_PERSON: Words = {
  en: ['my wife', 'my husband', 'his father', 'his mother', 'her father', 'her mother', 'his dad', 'his mom', 'her dad', 'her mom', 'my mother',
    'my father', 'my sister', 'my brother', 'grandmother', 'grandfather', 'his grandmother', 'her grandmother', 'his uncle', 'his aunt'],
  fr: ['ma femme', 'mon mari', 'son père', 'sa mère', 'son papa', 'sa maman', 'mon épouse', 'mon époux', 'ma mère', 'mon père', 'ma soeur',
    'ma sœur', 'mon frère', 'sa grand-mère', 'son grand-père', 'sa tante', 'son oncle'],
  msa: ['زوجي', 'زوجتي', 'والده', 'والدته', 'والدها', 'والدتها', 'أبوه', 'أمه', 'جدته', 'جده', 'أخي', 'أختي', 'عمه', 'خاله'],
  darija: ['راجلي', 'مراتي', 'باباه', 'مماه', 'بوه', 'ختي', 'خويا', 'جدتو', 'خالتو', 'عمتو', 'باباها', 'ماماها', 'بباه'],
  arabizi: ['rajli', 'mrati', 'babah', 'mamah', 'bouh', 'khti', 'khouya', 'khoya', 'jdato', 'khalto', '3amto', 'bbah', 'babaha', 'mamaha'],
};

/** Someone else coming, in the third person: "viendra", "سيحضر", "ghadi yji". */
export const OTHER_COMES: Words = {
  en: ['will come', 'will attend', 'will be there', 'is coming', 'comes', 'will go'],
  fr: ['viendra', 'sera là', 'sera présent', 'sera présente', 'qui viendra', 'va venir', 'ira'],
  msa: ['سيحضر', 'ستحضر', 'سيأتي', 'ستأتي', 'سوف يحضر', 'سوف تحضر'],
  darija: ['يجي', 'غادي يجي', 'غادي تجي', 'تجي', 'غايجي', 'غاتجي'],
  arabizi: ['yji', 'ghadi yji', 'ghadi tji', 'tji', 'ghayji', 'ghatji'],
};

/** "What is this about?", "wrong number": the parent does not know what the message is; a yes beside it answers nothing. */
export const CONFUSED: Words = {
  en: ['what is it about', 'what is this about', "what's it about", 'who is this', 'who are you', 'wrong number', 'what is this', 'what for'],
  fr: ['à quel sujet', 'quel sujet', "de quoi s'agit-il", 'de quoi il s’agit', 'qui est-ce', 'mauvais numéro', 'erreur de numéro', "c'est quoi", 'pourquoi ce message'],
  msa: ['ما المطلوب', 'ما المطلوب مني', 'ما الموضوع', 'من معي', 'رقم خاطئ', 'ما هذا', 'بخصوص ماذا'],
  darija: ['على شنو', 'شنو هادشي', 'شكون معايا', 'غلطتو فالنمرة', 'غلطتو فالرقم', 'غالطين فالنمرة', 'ماشي أنا', 'ماشي انا'],
  arabizi: ['3la chno', 'chno hadchi', 'chkoun m3aya', 'chkon m3aya', 'ghaltou f nmra', 'ghalto f nmra', 'ghaltou f nemra', 'machi ana'],
};

/** "I got the message": a bare yes or no beside it answers that, not the invitation. */
export const ACKNOWLEDGED: Words = {
  en: ['i received the message', 'received the message', 'got the message', 'i got it', 'received', 'not received'],
  fr: ['bien reçu', "j'ai reçu", "j'ai bien reçu", 'reçu le message', 'pas reçu', 'toujours pas reçu'],
  msa: ['تلقيت الرسالة', 'وصلتني الرسالة', 'استلمت الرسالة', 'لم أتلق', 'لم يصلني'],
  darija: ['وصلني الميساج', 'وصلاتني الرسالة', 'وصلني', 'ما وصلنيش'],
  arabizi: ['wslni lmessage', 'wselni lmessage', 'wslni', 'wselni', 'ma wslnich'],
};

/** A child's news: sick, at the doctor's. About the child, it is a note for the teacher. */
export const NEWS_WORDS: Words = {
  en: ['sick', 'ill', 'fever', 'hospital', 'doctor', 'injured', 'hurt'],
  fr: ['malade', 'fièvre', 'hôpital', 'médecin', 'blessé', 'blessée'],
  msa: ['مريض', 'مريضة', 'حمى', 'المستشفى', 'الطبيب', 'مصاب', 'مصابة'],
  darija: ['مريض', 'مريضة', 'سخانة', 'السبيطار', 'الطبيب', 'طبيب'],
  arabizi: ['mrid', 'mrida', 'skhana', 'sbitar', 'tbib', 'mridd'],
};

/** Late, not maybe: "yes, but maybe 10 min late". */
export const LATE_WORDS: Words = {
  en: ['late', 'a bit late', 'a little late'],
  fr: ['en retard', 'retard', 'un peu en retard'],
  msa: ['متأخرا', 'متأخرة', 'متأخر', 'التأخر'],
  darija: ['معطل', 'معطلة', 'نعطل', 'نتعطل'],
  arabizi: ['m3attal', 'm3e9el', 'n3attal', 'nt3attal', 'm3tal'],
};

/**
 * No in a sentence beyond the short-answer words: apologies for not coming, "not this time",
 * "difficult for me", being away.
 */
export const SENTENCE_NO: Words = {
  en: ['not this time', 'difficult for me', 'hard for me', "i'm away", 'i am away', 'out of town', 'i am travelling', "i'm traveling", "i'm travelling"],
  fr: ['pas cette fois', 'cette fois non', 'difficile pour moi', 'en déplacement', 'je suis en déplacement', 'je serai absent', 'je serai absente',
    'nn', 'pas dispo', 'absolument pas', 'absolument pas possible', 'pas du tout possible'],
  msa: ['أعتذر عن الحضور', 'نعتذر عن الحضور', 'أعتذر', 'نعتذر', 'ليس هذه المرة', 'يصعب علي', 'صعب علي', 'مستحيل', 'لا يمكن', 'مسافر', 'مسافرة',
    'سأكون مسافرا', 'غائب', 'غائبة', 'سأتغيب', 'سأغيب'],
  darija: ['صعيب عليا', 'صعيبة عليا', 'ماشي هاد المرة', 'ما غانقدر', 'ما نقدر', 'ما غانقدرش', 'ما غاديش نقدر نجي', 'مسافر', 'مسافرة', 'صعيب'],
  arabizi: ['s3ib 3liya', 's3ib 3lia', 'sa3ib 3liya', 'machi had lmerra', 'ma n9der', 'ma ghan9der', 'ma ghan9derch', 'msafer', 'msafra', 's3ib'],
};

/** Maybe in a sentence: "it depends", "I'll let you know", "50/50", "can't promise". */
export const SENTENCE_MAYBE: Words = {
  en: ['it depends', 'depends', 'depending', "i'll let you know", 'i will let you know', 'let you know later', 'will confirm later', '50 50',
    'fifty fifty', "can't promise", 'cannot promise', "i can't promise", 'not sure yet', "i'm not sure yet", 'hopefully', 'i hope so', 'i hope'],
  fr: ['ça dépend', 'dépend', 'selon', 'je vous confirme plus tard', 'je confirmerai plus tard', 'je vous dirai', 'je vous tiens au courant',
    'pas encore sûr', 'pas encore sûre', 'je ne sais pas encore', 'je sais pas encore', 'pas sûr encore', 'pas encore décidé', 'je ne promets rien',
    'je ne peux rien promettre', "j'espère"],
  msa: ['لا أعدكم', 'لا أعد', 'حسب الظروف', 'حسب', 'سأخبركم لاحقا', 'سأؤكد لاحقا', 'سأخبركم', 'غير مؤكد', 'لا أعرف بعد', 'لا أدري بعد', 'لم أقرر بعد', 'أتمنى'],
  darija: ['ما نوعدكش', 'ما نقدرش نوعدك', 'على حساب', 'على حساب الخدمة', 'نعلمك من بعد', 'نعلمكم من بعد', 'نقولك من بعد', 'مازال', 'مزال'],
  arabizi: ['3la 7sab', '3la hsab', 'n3lmek mn b3d', 'n3lmk mn b3d', 'ngolik mn b3d', 'mazal ma 3reft', 'mazal ma3reft', 'mazal', 'mazal ma3rftch'],
};

/** Coming, in words the short-answer lists leave out: "je passerai", "nkoun", "me libérer", "possible". */
export const SENTENCE_ATTEND: Words = {
  en: ['make it', 'join', 'possible', 'be present'],
  fr: ['passer', 'je passerai', 'me libérer', 'possible', 'être possible', 'participer', 'je confirme', 'confirmé'],
  msa: ['التواجد', 'أكون', 'نكون', 'المشاركة', 'ممكنا'],
  darija: ['نكون', 'غادي نكون', 'نكونو', 'نحضرو', 'حاضرين', 'حاضرة', 'حاضر'],
  arabizi: ['nkoun', 'nkon', 'ghadi nkoun', 'nkounou', '7adra', '7adr', 'hadra', '7adrin', 'n7adro'],
};

/**
 * Commands said in a sentence ("Please stop sending me these messages", "بالفرونسي عافاك"):
 * phrases long enough that they cannot be about something else ("stop sending at night" is not).
 */
export const SENTENCE_COMMANDS: Record<'stop' | 'start' | 'help' | 'language:fr' | 'language:ar' | 'language:en', Words> = {
  stop: {
    en: ['stop sending me', 'stop sending me messages', 'stop these messages', 'stop the messages', 'no more messages', "don't send me"],
    fr: ["arrêtez de m'envoyer", 'arrêtez les messages', 'ne plus recevoir', "ne m'envoyez plus"],
    msa: ['إيقاف إرسال الرسائل', 'أوقفوا الرسائل', 'أوقفوا إرسال', 'لا أريد الرسائل', 'لا أريد استقبال الرسائل'],
    darija: ['حبسو عليا', 'حبسو الميساجات', 'ما بغيتش هاد الميساجات', 'ما بغيتش الميساجات'],
    arabizi: ['stopi', 'nw9ef lmessages', 'bghit nw9ef', 'ma bghitch had les messages', 'ma bghitch lmessages', 'ma bghitch had lmessages', '7bso 3lia'],
  },
  start: {
    en: ['send me messages again', 'start again', 'resume the messages', 'subscribe again'],
    fr: ['recevoir les messages à nouveau', 'recevoir à nouveau', 'reprendre les messages', 'réactiver'],
    msa: ['استئناف تلقي الرسائل', 'استئناف الرسائل', 'أريد استئناف', 'إعادة تفعيل'],
    darija: ['رجعو صيفطو', 'رجعو صيفطو ليا', 'عاود صيفط'],
    arabizi: ['rj3ou sifto', 'rj3o sifto', '3awd sift', 'rj3ou siftou'],
  },
  help: {
    en: ['i need help', 'how do i answer', 'how to answer'],
    fr: ["j'ai besoin d'aide", 'comment répondre'],
    msa: ['أحتاج مساعدة', 'كيف أجيب'],
    darija: ['عاونوني', 'كيفاش نجاوب'],
    arabizi: ['3awnouni', '3awnoni', 'kifach njawb'],
  },
  'language:fr': {
    en: ['in french', 'write in french', 'french please'],
    fr: ['en français', 'français svp'],
    msa: ['باللغة الفرنسية', 'بالفرنسية'],
    darija: ['بالفرونسي', 'بالفرونسية', 'بالفرانساوية'],
    arabizi: ['bel fransawiya', 'b lfransawiya', 'bl fransawiya', 'bel fransi', 'b lfransi'],
  },
  'language:ar': {
    en: ['in arabic', 'arabic please'],
    fr: ['en arabe'],
    msa: ['باللغة العربية', 'بالعربية'],
    darija: ['بالعربية عافاك'],
    arabizi: ['b l3arbiya', 'bel3arbiya', 'bl3arbiya', 'b l3arbia', 'bel 3arbiya'],
  },
  'language:en': {
    en: ['in english', 'english please'],
    fr: ['en anglais'],
    msa: ['باللغة الإنجليزية', 'بالإنجليزية'],
    darija: ['بالنجليزية'],
    arabizi: ['b lngliziya', 'bel ngliziya'],
  },
};

/** Saying "no answer" to a survey question in a sentence. */
export const SENTENCE_SKIP: Words = {
  en: ['no answer', 'prefer not to answer', "i'd rather not answer", 'skip this', 'skip this one'],
  fr: ['sauter cette question', 'pas de réponse', 'je préfère ne pas répondre', 'question suivante', 'je passe cette question'],
  msa: ['أفضل عدم الإجابة', 'بدون إجابة', 'لا أريد الإجابة', 'تخطي هذا السؤال'],
  darija: ['ما بغيتش نجاوب', 'دوز هادي', 'خلي هاد السؤال'],
  arabizi: ['khelli had so2al', 'khelli had soual', 'ma bghitch njawb', 'douz hadi', 'dwz hadi'],
};

/**
 * One-token answers that are everyday words elsewhere: "la" is no in Darija and an article in
 * French, "ah" is yes in Darija and a sigh in English. Inside a sentence they count only when
 * they stand alone in their clause ("la, ma n9derch"), never mid-sentence ("je serai à la réunion").
 */
export const WEAK_ANSWER_TOKENS: ReadonlySet<string> = new Set(['la', 'ah', 'ih', 'ma', 'machi', 'mashi', 'ماشي']);

/** Words around an answer that say nothing about it (besides FILLER_WORDS): religious formulas, "la ilaha illa allah", "la bas". */
export const NEUTRAL_PHRASES: Words = {
  msa: ['إذا كان نعم', 'إن كان نعم', 'ولو', 'حتى لو', 'لا إله إلا الله', 'لا حول ولا قوة إلا بالله', 'لا شكر على واجب', 'الحمد لله', 'الحمد لله على كل حال', 'الله يحفظكم', 'ما شاء الله', 'سبحان الله'],
  darija: ['الا اه', 'إلا آه', 'إلا اه', 'لاباس', 'لا باس', 'بخير'],
  arabizi: ['ila ah', 'ila iyeh', 'labas', 'la bas', 'hamdoullah', 'hamdolah', 'l7amdolilah', 'lhamdolilah', 'hamdulillah', 'mashallah', 'machallah', 'bikhir', 'bekhir'],
  en: ['no one', 'nobody', 'not only', 'even if', 'even late', 'if yes', 'if so'],
  fr: ['pas mal', 'non plus', 'même si', 'même en retard', 'si oui', 'si c’est oui', "si c'est oui"],
};

/** The parent as the subject: "ana w wldi ghadi njiw" is the parent's own yes. */
export const FIRST_PERSON: Words = {
  en: ['i', 'we'],
  fr: ['je', 'moi', 'nous', 'on', "j'"],
  msa: ['أنا', 'نحن', 'سأكون', 'سنكون'],
  darija: ['حنا', 'انا'],
  arabizi: ['ana', '7na', 'hna'],
};

/**
 * Yes in a sentence that the short-answer words do not cover: negated words that say yes ("je ne
 * manquerai pas", "I wouldn't miss it", "لن أتغيب") and being there on time ("سأكون في الموعد").
 */
export const SENTENCE_YES: Words = {
  en: ['i will be on time', "i'll be on time", "i can't wait", "can't wait", 'cannot wait', 'see you then', 'see you there', 'i confirm', 'confirmed', "won't miss it", "wouldn't miss it", "i won't miss it", "i wouldn't miss it", "won't miss", 'will not miss'],
  fr: ['je confirme ma présence', 'je vous confirme ma présence', 'je confirme notre présence', 'je serai à la réunion', 'serai à la réunion', 'je serai au rendez-vous', 'nous serons au rendez-vous', 'au rendez-vous', 'je ne manquerai pas', 'ne manquerai pas', 'je manquerai pas', 'sans faute', 'je ne raterai pas', 'ne raterai pas'],
  msa: ['أؤكد حضوري', 'نؤكد حضورنا', 'أؤكد الحضور', 'لن أتخلف', 'لن أتخلف عن الموعد', 'سأكون في الموعد', 'سنكون في الموعد', 'في الموعد', 'سأحضر في الموعد', 'لن أتغيب', 'لن أفوت', 'لن أتأخر عن الحضور', 'لن أغيب'],
  darija: ['ما غاديش نتخلف', 'ماغاديش نتخلف', 'واخخا', 'إييه', 'ايه', 'نكون تما', 'نكون تم', 'غادي نكون تما', 'نكونو تما', 'ما غاديش نغيب', 'ماغاديش نغيب', 'ما نغيبش'],
  arabizi: ['ayeh', 'aye', 'iyeh', 'ma ghadich nt5alef', 'ma ghadich ntkhalef', 'nkoun tema', 'nkoun temma', 'nkon tema', 'nkoun tma', 'ghadi nkoun tema', 'nkounou tema', 'maghadich ngheb', 'ma ghadich ngheb', 'ma nghebch', 'manghebch'],
};

/** "je mettrais …", "i'd say …", "نعطي …": a weak number word after them is a rating ("je mets un"). */
export const RATING_VERBS: Words = {
  en: ['say', "i'd say", 'i would say', 'give', "i'd give", 'i give', 'rate', 'pick', 'choose', 'i choose', 'my answer is', 'answer'],
  fr: ['dis', 'dirais', 'je dis', 'je dirais', 'mets', 'mettrais', 'je mets', 'je mettrais', 'donne', 'donnerais', 'je donne', 'je donnerais',
    'choisis', 'je choisis', 'ma réponse', 'réponse', 'note'],
  msa: ['أعطي', 'نعطي', 'أختار', 'نختار', 'أقول', 'جوابي', 'إجابتي', 'الرقم', 'رقم', 'الجواب'],
  darija: ['نگول', 'نقول', 'نختار', 'نعطيها', 'جوابي'],
  arabizi: ['ngoul', 'ngol', 'n9oul', 'n9ol', 'n3ti', 'n3tiha', 'nkhtar', 'jawabi', 'ra9m', 'raqm'],
};

/** Number words that are also articles or "someone": a rating only alone or after a rating verb. */
export const WEAK_NUMBER_WORDS: Words = {
  en: ['one'],
  fr: ['un', 'une'],
  msa: ['واحد', 'واحدة'],
  arabizi: ['wahed', 'wa7ed', 'wahd', 'wa7d'],
};

/** "Instead of me": someone else of the family comes in the parent's place; the teacher should know who. */
export const INSTEAD_WORDS: Words = {
  en: ['instead', 'instead of me', 'in my place'],
  fr: ['à ma place', 'à sa place', 'à la place'],
  msa: ['نيابة عني', 'نيابة', 'بدلا مني', 'مكاني'],
  darija: ['بلاصتي', 'فبلاصتي', 'بلاصت', 'فبلاصت', 'فبلاصة', 'مكاني'],
  arabizi: ['blasti', 'f blasti', 'fblasti', 'blast', 'f blast', 'mkani'],
};

/** "Stop the messages": with a stop word, a message word says the command is about our messages. */
export const MESSAGE_WORDS: Words = {
  en: ['messages', 'message', 'msgs', 'texts', 'notifications'],
  fr: ['les messages', 'messages', 'message', 'sms', 'les sms'],
  msa: ['الرسائل', 'رسائل', 'الرسائل النصية', 'إرسال الرسائل'],
  darija: ['الميساجات', 'ميساجات', 'الميساج', 'المساجات'],
  arabizi: ['lmessages', 'lmessajat', 'lmsajat', 'msajat', 'lmessage'],
};

/** Times of day and week: "stop sending at night" asks for quiet, not for STOP. */
export const WHEN_WORDS: Words = {
  en: ['night', 'at night', 'evening', 'weekend', 'morning'],
  fr: ['nuit', 'la nuit', 'le soir', 'soir', 'weekend', 'week-end', 'matin'],
  msa: ['الليل', 'ليلا', 'المساء', 'عطلة', 'الصباح'],
  darija: ['فالليل', 'الليل', 'العشية', 'الويكاند'],
  arabizi: ['f lil', 'flil', 'lil', '3chiya', 'lwikand'],
};

/** A number followed by these is an age or a duration ("a 9 year old", "10 min late"), never a rating. */
export const UNIT_WORDS: Words = {
  en: ['year', 'years', 'min', 'mins', 'minutes', 'hours', 'h', 'days', 'kids', 'children'],
  fr: ['an', 'ans', 'minutes', 'heures', 'h', 'jours', 'enfants'],
  msa: ['سنوات', 'سنة', 'دقائق', 'دقيقة', 'ساعات', 'أيام', 'أطفال'],
  darija: ['سنين', 'عام', 'دقايق', 'دراري', 'وليدات'],
  arabizi: ['3am', 'snin', 'd9aye9', 'dqayeq', 'drari'],
};
