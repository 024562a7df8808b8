// What the planned history's customers and reps say, and their names (history-plan.ts picks from these).
export const asks = [
  "Do you have any openings this week?",
  "What time do you close today?",
  "Can I move my appointment to Friday?",
  "Is my order ready?",
  "How much would that cost?",
  "Thanks! One more question",
  "Running 10 minutes late, sorry",
  "Great, see you then",
];
export const answers = [
  "Hi! Yes, we have 2pm or 4:30pm open.",
  "We close at 6pm today.",
  "Done, you're booked for Friday at 11.",
  "Yes, it's ready for pickup.",
  "That would be $85 including tax.",
  "No problem, we'll hold your spot.",
  "You're welcome, anything else?",
];
export const firstNames = ["Maya", "Liam", "Zoe", "Omar", "Ivy", "Noah", "Aria", "Eli", "Rosa", "Kai", "Lena", "Theo", "Mila", "Ravi", "Jade", "Hugo"];
export const lastNames = ["Nguyen", "Smith", "Garcia", "Kim", "Patel", "Brown", "Silva", "Khan", "Lopez", "Meyer", "Ito", "Walsh"];
