/**
 * The two surveys every school has without defining anything (DESIGN §8), in our own words:
 *
 * - `event-feedback`: three questions after a meeting or a school event;
 * - `involvement`: a short parent-involvement check, eight questions across the six
 *   constructs of the research behind the project (role beliefs, self-efficacy, invitations
 *   from the school, the teacher and the child, home involvement). Two questions each for the
 *   first two give them a reliability (Cronbach's alpha); one self-efficacy question is worded
 *   the other way round and reverse-scored, as such scales do.
 *
 * Ids are reserved: a school cannot define a survey with one of them.
 */
import type { SurveyDefinition } from '../../core/survey.js';

export const EVENT_FEEDBACK: SurveyDefinition = {
  id: 'event-feedback',
  builtIn: true,
  title: { en: 'Your feedback on the event', fr: 'Votre avis sur l’activité', ar: 'رأيكم في النشاط' },
  scale: 'agreement',
  questions: [
    { id: 'useful', subscale: 'event_feedback', text: { en: 'This event was useful to me.', fr: 'Cette activité m’a été utile.', ar: 'كان هذا النشاط مفيدًا لي.' } },
    { id: 'welcome', subscale: 'event_feedback', text: { en: 'I felt welcome at the school.', fr: 'Je me suis senti(e) bien accueilli(e) à l’école.', ar: 'شعرت بالترحيب في المدرسة.' } },
    { id: 'again', subscale: 'event_feedback', text: { en: 'I would come to a similar event again.', fr: 'Je reviendrais à une activité semblable.', ar: 'سأحضر نشاطًا مماثلًا مرة أخرى.' } },
  ],
};

export const INVOLVEMENT: SurveyDefinition = {
  id: 'involvement',
  builtIn: true,
  title: { en: 'You and your child’s school', fr: 'Vous et l’école de votre enfant', ar: 'أنتم ومدرسة أبنائكم' },
  scale: 'agreement',
  questions: [
    {
      id: 'role_part', subscale: 'role_beliefs',
      text: { en: 'Helping my child with school is part of my role as a parent.', fr: 'Aider mon enfant dans sa scolarité fait partie de mon rôle de parent.', ar: 'مساعدة طفلي في دراسته جزء من دوري كولي أمر.' },
    },
    {
      id: 'role_talk', subscale: 'role_beliefs',
      text: { en: 'It is my job to stay in touch with my child’s teachers.', fr: 'C’est à moi de rester en contact avec les enseignants de mon enfant.', ar: 'من واجبي أن أبقى على تواصل مع أساتذة طفلي.' },
    },
    {
      id: 'efficacy_help', subscale: 'self_efficacy',
      text: { en: 'I know how to help my child do well at school.', fr: 'Je sais comment aider mon enfant à réussir à l’école.', ar: 'أعرف كيف أساعد طفلي على النجاح في المدرسة.' },
    },
    {
      id: 'efficacy_unsure', subscale: 'self_efficacy', reverse: true,
      text: { en: 'I often feel I cannot help my child with schoolwork.', fr: 'J’ai souvent l’impression de ne pas pouvoir aider mon enfant dans ses devoirs.', ar: 'كثيرًا ما أشعر أنني لا أستطيع مساعدة طفلي في واجباته.' },
    },
    {
      id: 'school_welcome', subscale: 'school_invitations',
      text: { en: 'The school lets me know about meetings and events.', fr: 'L’école m’informe des réunions et des activités.', ar: 'تُخبرني المدرسة بالاجتماعات والأنشطة.' },
    },
    {
      id: 'teacher_asked', subscale: 'teacher_invitations', scale: 'frequency',
      text: { en: 'This year, how often has the teacher asked you to help with your child’s learning?', fr: 'Cette année, combien de fois l’enseignant(e) vous a-t-il (elle) demandé d’aider votre enfant dans ses apprentissages ?', ar: 'هذه السنة، كم مرة طلب منكم الأستاذ(ة) المساعدة في تعلّم طفلكم؟' },
    },
    {
      id: 'child_asked', subscale: 'child_invitations', scale: 'frequency',
      text: { en: 'This year, how often has your child asked you to help with schoolwork?', fr: 'Cette année, combien de fois votre enfant vous a-t-il demandé de l’aider dans ses devoirs ?', ar: 'هذه السنة، كم مرة طلب منكم طفلكم المساعدة في واجباته؟' },
    },
    {
      id: 'home_talk', subscale: 'home_involvement', scale: 'frequency',
      text: { en: 'This year, how often have you talked with your child about the school day?', fr: 'Cette année, combien de fois avez-vous parlé avec votre enfant de sa journée d’école ?', ar: 'هذه السنة، كم مرة تحدثتم مع طفلكم عن يومه الدراسي؟' },
    },
  ],
};

export const BUILT_IN_SURVEYS: readonly SurveyDefinition[] = [EVENT_FEEDBACK, INVOLVEMENT];

export function builtInSurvey(id: string): SurveyDefinition | undefined {
  return BUILT_IN_SURVEYS.find((s) => s.id === id);
}
