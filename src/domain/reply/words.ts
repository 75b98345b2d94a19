/**
 * What parents write, as data a school can read and extend. Write words naturally, with
 * hamza, accents and apostrophes as people type them: every phrase goes through the same
 * normalisation as a reply (`phraseKey`), so "أجل" also matches "اجل", and "peut-être"
 * matches "peut etre". A reply is understood only when every one of its words is covered by
 * phrases below (see lexicon.ts), so adding a word never makes a longer sentence match
 * by accident. The same phrase under two meanings is refused when the lexicon is built.
 */

export type WordLanguage = 'en' | 'fr' | 'msa' | 'darija' | 'arabizi' | 'emoji';
export type Words = Partial<Record<WordLanguage, readonly string[]>>;

/**
 * Parts of an RSVP reply:
 * - yes / no / maybe: a direct answer ("نعم", "ma9drch", "peut-être");
 * - yesLikely: agreement that is indirect or may only acknowledge the message ("ok", "👍",
 *   "no problem": in Moroccan usage "ماشي مشكل" / "pas de problème" answers an invitation
 *   with yes; the negation is about a problem, not about coming);
 * - attend: a bare verb of coming ("nji", "venir", "الحضور"): yes on its own, but it belongs to
 *   a negation next to it ("ما نقدرش نجي", "je ne peux pas venir"): negation wins;
 * - hedge: "inshallah" and friends: maybe on its own, softens a yes to yes-likely.
 */
export const RSVP_WORDS = {
  yes: {
    en: ['yes', 'yeah', 'yea', 'yep', 'yup', 'sure', 'of course', 'definitely', 'absolutely', 'certainly', 'i will', "i'll come", "i'll attend", 'we will', "we'll come", "we'll be there",
      "i'll be there", 'i can', 'we can', 'coming', "i'm coming", 'i am coming', "we're coming", 'we are coming', 'count me in', 'see you there'],
    fr: ['oui', 'ouais', 'ouai', 'bien sûr', 'certainement', 'absolument', 'évidemment', 'je viens', 'je viendrai', 'nous viendrons', 'on vient',
      'on viendra', 'je serai là', 'nous serons là', 'on sera là', "j'y serai", 'je serai présent', 'je serai présente', 'présent', 'présente',
      'avec plaisir', 'volontiers', 'je peux', 'je pourrai'],
    msa: ['نعم', 'أجل', 'بلى', 'سأحضر', 'سوف أحضر', 'سنحضر', 'سوف نحضر', 'سأكون حاضرا', 'سأكون حاضرة', 'سأكون هناك', 'سآتي', 'سوف آتي', 'حاضر',
      'حاضرة', 'بالتأكيد', 'بكل تأكيد', 'طبعا', 'بالطبع', 'أكيد', 'بكل سرور', 'موافق', 'موافقة', 'أستطيع', 'نستطيع'],
    darija: ['واخا', 'وخا', 'واخة', 'إيه', 'إييه', 'إيوا', 'إيوة', 'أيوا', 'غادي نجي', 'غانجي', 'غادي نحضر', 'غانحضر', 'جاي', 'أنا جاي', 'جايين', 'نقدر'],
    arabizi: ['wakha', 'wakhkha', 'wakhha', 'waxa', 'wkha', 'wa5a', 'iyeh', 'iyah', 'ih', 'aywa', 'aiwa', 'ghadi nji', 'ghanji', 'ghan nji',
      'ghadi n7dr', 'ghadi n7der', 'ghadi nhder', 'ghan7der', 'jay', 'ana jay', 'jayin', 'n9der', 'nqder', 'akid'],
    emoji: ['✅', '✔', '☑'],
  },
  yesLikely: {
    en: ['ok', 'okay', 'okey', 'oki', 'alright', 'all right', 'fine', 'no problem', 'no worries', 'np'],
    fr: ["d'accord", 'dacc', 'dac', 'ça marche', 'pas de problème', 'pas de souci', 'pas de soucis', 'sans problème', 'entendu'],
    msa: ['حسنا', 'لا مشكلة', 'لا مانع', 'بدون مشكلة', 'تمام'],
    darija: ['أوكي', 'آه', 'ماشي مشكل', 'ماشي مشكلة', 'ما كاين مشكل', 'ماكاين مشكل', 'مكاين مشكل', 'ما كاين باس', 'ماكاين باس', 'بلا مشكل', 'لا مشكل'],
    arabizi: ['ah', 'tamam', 'machi mochkil', 'machi mouchkil', 'machi mochkila', 'mashi mushkil', 'makayn mochkil', 'ma kayn mochkil',
      'makayn bas', 'ma kayn bas', 'bla mochkil', 'la mochkil'],
    emoji: ['👍', '👌', '🆗'],
  },
  attend: {
    en: ['come', 'attend', 'be there'],
    fr: ['venir', 'viens', 'être là', 'être présent', 'être présente', 'assister'],
    msa: ['الحضور', 'من الحضور', 'أحضر', 'نحضر', 'المجيء', 'آتي'],
    darija: ['نجي', 'نجيو'],
    arabizi: ['nji', 'njiw', 'n7dr', 'n7der', 'n7dar', 'nhder', 'nhdr'],
  },
  no: {
    en: ['no', 'nope', 'nah', "i can't", 'i cannot', "can't", 'cannot', "we can't", "i won't", 'i will not', "won't", "we won't", 'we will not',
      "i won't be able to", 'i will not be able to', "i'm not able to", 'not able to', 'unable to', "i can't make it", "can't make it",
      'not coming', "i'm not coming", 'i am not coming', "we're not coming", 'not available', "i'm not available"],
    fr: ['non', 'nan', 'je ne peux pas', 'je peux pas', "j'peux pas", 'peux pas', 'je ne pourrai pas', 'je pourrai pas', 'je ne viens pas',
      'je viens pas', 'je ne viendrai pas', 'je viendrai pas', 'pas possible', "ce n'est pas possible", "c'est pas possible", 'impossible',
      'je ne serai pas là', 'je serai pas là', 'nous ne pourrons pas', 'on ne peut pas', 'on peut pas', 'pas disponible', 'indisponible'],
    msa: ['لا', 'كلا', 'لن أحضر', 'لن نحضر', 'لن أستطيع', 'لا أستطيع', 'لا نستطيع', 'لن أتمكن', 'لن نتمكن', 'لا يمكنني', 'لا يمكننا', 'لن آتي', 'لا يمكن'],
    darija: ['لالا', 'ماشي', 'ما نقدرش', 'مانقدرش', 'ماغاديش نجي', 'ما غاديش نجي', 'ماغانجيش', 'ما غانجيش', 'ما نجيش', 'مانجيش', 'ما غاديش نقدر',
      'ماغاديش نقدر', 'ماشي ممكن', 'ما يمكنش', 'مايمكنش', 'ما نحضرش', 'مانحضرش'],
    arabizi: ['la', 'lla', 'machi', 'mashi', 'ma9drch', 'ma9derch', 'man9derch', 'ma n9derch', 'ma n9drch', 'man9drch', 'ma nqderch',
      'manqderch', 'maghadich nji', 'ma ghadich nji', 'maghanjich', 'ma ghanjich', 'ma njich', 'manjich', 'machi mumkin', 'machi momkin',
      'mamkench', 'ma ymkench', 'ma n7derch', 'man7derch'],
    emoji: ['👎', '❌', '✖'],
  },
  maybe: {
    en: ['maybe', 'perhaps', 'possibly', 'probably', 'not sure', "i'm not sure", 'i am not sure', "i don't know", 'i do not know', "don't know",
      'idk', "i'll try", 'i will try', 'will try', "i'll see", "we'll see", 'we will see', 'i might', 'we might'],
    fr: ['peut-être', 'peutêtre', 'ptêtre', 'ptet', 'pt être', 'probablement', 'je ne sais pas', 'je sais pas', 'sais pas', 'chais pas', 'jsp',
      'pas sûr', 'pas sûre', 'je ne suis pas sûr', 'je suis pas sûr', 'je ne suis pas sûre', 'je suis pas sûre', 'je vais essayer',
      "j'essaierai", 'on verra', 'je verrai'],
    msa: ['ربما', 'قد', 'لست متأكدا', 'لست متأكدة', 'لست متأكد', 'غير متأكد', 'غير متأكدة', 'لا أعرف', 'لا أدري', 'سأحاول', 'سوف أحاول',
      'من الممكن', 'محتمل'],
    darija: ['يمكن', 'ممكن', 'ما عرفتش', 'ماعرفتش', 'معرفتش', 'ما نعرفش', 'مانعرفش', 'نشوف', 'غادي نشوف', 'غانشوف', 'نحاول', 'غادي نحاول',
      'غانحاول', 'مازال ما عرفت', 'مزال ما عرفت', 'ماشي متأكد', 'ماشي متأكدة'],
    arabizi: ['ymkn', 'ymken', 'yemken', 'yemkn', 'ymkan', 'imken', 'imkn', 'ghan7awel', 'ghan7awl', 'n7awel nji', 'mumkin', 'momkin', 'mmkn', 'momkine', 'ma3rftch', 'ma3reftch', 'ma3raftch', 'ma n3rfch',
      'nchouf', 'nchof', 'nshuf', 'ghadi nchouf', 'ghanchouf', 'n7awl', 'n7awel', 'ghadi n7awl', 'ghan7awl', 'machi mt2kd', 'machi met2ked'],
    emoji: ['🤔', '🤷'],
  },
  hedge: {
    en: ['god willing'],
    fr: ['si dieu le veut', 'si dieu veut'],
    msa: ['إن شاء الله', 'إنشاء الله', 'إن شاء الله تعالى', 'بإذن الله'],
    darija: ['انشالله', 'ان شالله', 'نشالله'],
    arabizi: ['inshallah', 'inchallah', 'insha allah', 'inch allah', 'in sha allah', "insha'allah", 'nchallah', 'nshallah', 'inchaallah',
      'inshaallah', 'incha allah', 'in shaa allah'],
  },
} as const satisfies Record<string, Words>;

export type RsvpSignal = keyof typeof RSVP_WORDS;

/** Greetings, thanks, apologies and forms of address: they carry no answer, so they never tip one. A reply of only these is unknown. */
export const FILLER_WORDS: Words = {
  en: ['thanks', 'thank you', 'thank you very much', 'thanks a lot', 'thx', 'ty', 'please', 'pls', 'plz', 'hi', 'hello', 'dear', 'sir', 'madam',
    'teacher', 'sorry', "i'm sorry", 'unfortunately', 'good morning', 'good evening', 'regards'],
  fr: ['merci', 'merci beaucoup', 'merci bien', 'svp', 'stp', "s'il vous plaît", "s'il te plaît", 'bonjour', 'bonsoir', 'salut', 'madame',
    'monsieur', 'mme', 'mr', 'professeur', 'prof', 'maîtresse', 'désolé', 'désolée', 'malheureusement', 'hélas', 'cordialement'],
  msa: ['شكرا', 'شكرا جزيلا', 'شكرا لكم', 'شكرا لك', 'جزاكم الله خيرا', 'جزاك الله خيرا', 'بارك الله فيكم', 'بارك الله فيك', 'السلام عليكم',
    'السلام عليكم ورحمة الله', 'السلام عليكم ورحمة الله وبركاته', 'وعليكم السلام', 'مرحبا', 'أهلا', 'صباح الخير', 'مساء الخير', 'أستاذ',
    'أستاذة', 'الأستاذ', 'الأستاذة', 'سيدي', 'سيدتي', 'من فضلك', 'من فضلكم', 'للأسف', 'عذرا', 'آسف', 'آسفة', 'معذرة'],
  darija: ['سلام', 'عافاك', 'عافاكم', 'الله يحفظك', 'الله يحفظكم', 'الله يجازيك بخير', 'الله يخليك', 'مرسي', 'مرسي بزاف', 'شكرا بزاف',
    'سمح ليا', 'سمحلي', 'مسا الخير'],
  arabizi: ['salam', 'slm', 'salamo alaykom', 'salam alaykom', 'salam 3alaykom', 'salamu alaikum', 'assalamu alaikum', 'choukran', 'chokran',
    'shukran', 'shokran', 'chkran', 'merci bzaf', 'chokran bzaf', 'choukran bzaf', '3afak', '3afakom', 'allah ya7fdk', 'allah y7fdk',
    'allah ykhlik', 'allah yjazik bikhir', 'smhli', 'sm7li', 'sme7 lia', 'ostad', 'ostada', 'oustad', 'oustada', 'lostad', 'lostada',
    'baraka allahu fik', 'barakallahu fik', 'barak allah fik'],
  emoji: ['🙏', '🙂', '😊', '☺', '❤', '🌹'],
};

/** Commands the conversation engine acts on, in any context ("stop" during a survey is STOP). */
export const COMMAND_WORDS = {
  stop: {
    en: ['stop', 'unsubscribe', 'opt out', 'stop messages'],
    fr: ['arrêt', 'arrêter', 'arrête', 'arrêtez', 'stopper', 'désabonner', 'me désabonner', 'se désabonner', 'désinscrire', 'me désinscrire'],
    msa: ['إيقاف', 'توقف', 'أوقف', 'أوقفوا', 'إلغاء الاشتراك', 'إيقاف الرسائل'],
    darija: ['بركا', 'باركا', 'بركا عليا', 'حبس', 'حبسو', 'وقف'],
    arabizi: ['barka', 'baraka', 'baraka 3lia', '7bes', '7bs', 'hbes'],
  },
  start: {
    en: ['start', 'restart', 'resume', 'subscribe', 'unstop'],
    fr: ['commencer', 'recommencer', 'démarrer', 'reprendre', "s'abonner"],
    // "ابدأ" is matched before normalisation (START_WORDS_WITH_FINAL_HAMZA): without its hamza it reads as أبدًا, "never".
    msa: ['بدء', 'استئناف', 'اشتراك'],
    darija: ['بدا', 'نبدا'],
    arabizi: ['bda', 'nbda'],
  },
  help: {
    en: ['help', 'help me'],
    fr: ['aide', 'aidez-moi', 'aide-moi', "à l'aide"],
    msa: ['مساعدة', 'المساعدة', 'ساعدني', 'ساعدوني'],
    darija: ['عاوني', 'عاونوني', 'عاونيني', 'معاونة'],
    arabizi: ['3awni', '3awnoni', '3awnini', 'm3awna', 'mosa3ada', 'musa3ada'],
  },
  skip: {
    en: ['skip', 'next', 'pass', 'skip question', 'next question'],
    fr: ['passer', 'je passe', 'passe', 'suivant', 'question suivante'],
    msa: ['تخطي', 'تخط', 'تجاوز', 'التالي', 'السؤال التالي'],
    darija: ['دوز', 'دوزها', 'دوز السؤال'],
    arabizi: ['douz', 'dowz', 'dwz', 'douzha', 'dwzha'],
  },
} as const satisfies Record<string, Words>;

/** "ابدأ" (start) and "أبدًا" (never) are one word once hamza and tanwin are gone: this one is matched as typed. */
export const START_WORDS_WITH_FINAL_HAMZA: readonly string[] = ['ابدأ', 'إبدأ', 'أبدأ'];

/** Asking for a language by name, in any language; the two-letter codes too. */
export const LANGUAGE_WORDS = {
  ar: {
    en: ['arabic', 'in arabic', 'ar'],
    fr: ['arabe', 'en arabe', 'langue arabe'],
    msa: ['العربية', 'عربي', 'عربية', 'بالعربية', 'بالعربي', 'اللغة العربية'],
    arabizi: ['3arbiya', 'l3arbiya', 'l3arbia', 'bl3arbiya', 'bel3arbia'],
  },
  en: {
    en: ['english', 'in english', 'en'],
    fr: ['anglais', 'en anglais', 'langue anglaise'],
    msa: ['الإنجليزية', 'إنجليزي', 'إنجليزية', 'بالإنجليزية', 'الإنكليزية', 'إنكليزي', 'اللغة الإنجليزية'],
    darija: ['نجليزية', 'النجليزية', 'بالنجليزية', 'لنجليزية'],
    arabizi: ['ngliziya', 'lngliziya', 'lengliziya', 'bngliziya'],
  },
  fr: {
    en: ['french', 'in french', 'fr'],
    fr: ['français', 'en français', 'langue française'],
    msa: ['الفرنسية', 'فرنسي', 'فرنسية', 'بالفرنسية', 'اللغة الفرنسية'],
    darija: ['الفرانساوية', 'فرانساوية', 'بالفرانساوية', 'فرانساوي'],
    arabizi: ['fransawiya', 'lfransawiya', 'blfransawiya', 'fransiya', 'faransiya'],
  },
} as const satisfies Record<string, Words>;

/** Ratings on the survey's 1–6 scale, as words; the digits of all three sets come through `normaliseReply`. */
export const NUMBER_WORDS = {
  1: { en: ['one'], fr: ['un', 'une'], msa: ['واحد', 'واحدة'], arabizi: ['wahed', 'wa7ed', 'wahd', 'wa7d', 'wahid', 'wa7id'] },
  2: { en: ['two'], fr: ['deux'], msa: ['اثنان', 'اثنين', 'اتنين'], darija: ['جوج', 'زوج'], arabizi: ['joj', 'jouj', 'zouj', 'zoj', 'jooj'] },
  3: { en: ['three'], fr: ['trois'], msa: ['ثلاثة', 'ثلاث'], darija: ['تلاتة', 'تلاتا'], arabizi: ['tlata', 'tlat', 'tleta', 'tlate'] },
  4: { en: ['four'], fr: ['quatre'], msa: ['أربعة', 'أربع'], darija: ['ربعة'], arabizi: ['reb3a', 'rab3a', 'arba3a', 'arb3a', 'rb3a'] },
  5: { en: ['five'], fr: ['cinq'], msa: ['خمسة', 'خمس'], arabizi: ['khamsa', 'khmsa', 'khemsa', '5amsa', 'khamssa'] },
  6: { en: ['six'], fr: ['six'], msa: ['ستة', 'ست'], arabizi: ['setta', 'sitta', 'stta', 'seta', 'sita'] },
} as const satisfies Record<number, Words>;

/** "3/6", "3 out of 6", "3 sur 6", "3 من 6": the word between a rating and the scale's top. */
export const OUT_OF_WORDS: readonly string[] = ['/', 'out of', 'of', 'sur', 'من', 'على', 'men', '3la'];

export function allWords(words: Words): string[] {
  return Object.values(words).flat();
}

/** What a teacher writes to the bot: start an invitation, ask how parents answered, drop a draft. */
export const TEACHER_WORDS = {
  invite: {
    en: ['invite', 'invitation', 'new invitation', 'send an invitation', 'send invitation', 'invite parents', 'invite the parents'],
    fr: ['inviter', 'nouvelle invitation', 'envoyer une invitation', 'inviter les parents'],
    msa: ['دعوة', 'دعوة جديدة', 'إرسال دعوة', 'أرسل دعوة', 'دعوة الآباء', 'دعوة أولياء الأمور'],
    darija: ['صيفط دعوة', 'نصيفط دعوة'],
    arabizi: ['da3wa', 'daawa', 'sift da3wa'],
  },
  status: {
    en: ['status', 'results', 'answers', 'replies'],
    fr: ['statut', 'état', 'résultats', 'réponses'],
    msa: ['الحالة', 'حالة', 'النتائج', 'الأجوبة', 'الردود'],
    darija: ['شنو جاوبو', 'شكون جاوب'],
    arabizi: ['7ala', 'l7ala', 'nata2ij'],
  },
  cancel: {
    en: ['cancel', 'cancel it'],
    fr: ['annuler', 'annule'],
    msa: ['إلغاء', 'ألغ', 'ألغي', 'الغ'],
    darija: ['لغي', 'لغيها'],
    arabizi: ['lghi', 'lghiha', 'elgha'],
  },
} as const satisfies Record<string, Words>;
